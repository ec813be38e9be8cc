// The key table: data only, one entry per key.
#include "sim/scenario/scenario_keys.hpp"

#include <stdexcept>

#include "models/strategy/registry.hpp"

namespace ratesim::scenario {

namespace {

using T = KeyType;

constexpr double kMaxInteger = 9007199254740992.0;  // 2^53: every integer below is exact
constexpr const char* kTokenDistribution = "a token count (e.g. 1500, 2k), or {dist: ...}";
constexpr const char* kDurationDistribution = "a duration (e.g. 80ms, 2s), or {dist: ...}";

std::vector<KeySpec> build_table() {
    return {
        // The top level.
        {.section = "", .name = "name", .type = T::text,
         .forms = "letters, digits, '.', '_' and '-', at most 160 bytes (it names the output directory)",
         .required = true, .description = "names the output directory (out/<name>/)"},
        {.section = "", .name = "description", .type = T::text, .forms = "a string",
         .default_value = "", .description = "shown in reports and by `ratesim list scenarios`"},
        {.section = "", .name = "seed", .type = T::integer, .min = 0,
         .max = 9223372036854775807.0, .forms = "an integer >= 0", .default_value = "1",
         .description = "seeds every random stream"},
        {.section = "", .name = "duration", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "1h",
         .description = "simulated-time cap per run; for open-loop groups (poisson, trace) the arrival window"},
        {.section = "", .name = "drain", .type = T::duration, .unit = "s", .min = 0,
         .description = "after duration, how long open-loop groups (poisson, trace) may go on to finish "
                        "the items that arrived (default: duration / 10)"},
        {.section = "", .name = "replications", .type = T::integer, .min = 1, .max = 1'000'000,
         .forms = "an integer from 1 to 1000000", .default_value = "1",
         .description = "independent runs per variant"},
        {.section = "", .name = "confidence", .type = T::number, .min = 0.5, .max = 0.999999,
         .forms = "a level from 0.5 to 0.999999, e.g. 0.9", .default_value = "0.95",
         .description = "the level of every confidence interval (summary files, plan targets, the report)"},
        {.section = "", .name = "api", .type = T::map, .required = true, .child = "api",
         .description = "the server: limit pools, latency, overload"},
        {.section = "", .name = "clients", .type = T::list, .required = true,
         .child = "clients[]", .description = "the client groups, all sharing the api's limits"},
        {.section = "", .name = "compare", .type = T::map, .child = "compare",
         .description = "strategies to compare, each replacing every group's strategy"},
        {.section = "", .name = "sweep", .type = T::sweep,
         .description = "runs the scenario once for every value of one field"},
        {.section = "", .name = "plan", .type = T::map, .child = "plan",
         .description = "targets and candidates for `ratesim plan`; `ratesim run` ignores it"},
        {.section = "", .name = "output", .type = T::map, .child = "output",
         .description = "how outputs are binned"},
        {.section = "", .name = "serve", .type = T::map, .child = "serve",
         .description = "how `ratesim serve` answers live traffic; `ratesim run` ignores it"},
        {.section = "", .name = "playground", .type = T::intervals,
         .forms = "a map of --set paths to ranges LO..HI, e.g. {clients.batch.workers: 1..256, api.burst: 1s..60s}",
         .description = "the sliders of `ratesim playground`'s page, by --set path and range; "
                        "`ratesim run` ignores it"},

        {.section = "output", .name = "bin", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "10s",
         .description = "the width of time-series bins (at most 100000 bins per run)"},

        {.section = "serve", .name = "group", .type = T::text, .forms = "a client group's name",
         .default_value = "", .description = "the group whose output_tokens and workspace live "
         "answers use (default: the first group)"},
        {.section = "serve", .name = "keys", .type = T::named_map,
         .forms = "a map of API key -> {workspace: NAME}", .child = "serve.keys.*",
         .description = "the API keys accepted, each with its workspace; when left out, any key"},
        {.section = "serve", .name = "midstream_overload", .type = T::fraction, .min = 0, .max = 1,
         .default_value = "0",
         .description = "the probability that an admitted stream ends in an overloaded_error event"},
        {.section = "serve.keys.*", .name = "workspace", .type = T::text,
         .forms = "a workspace of api.workspaces", .default_value = "",
         .description = "the key's workspace (default: the organization's default workspace)"},

        {.section = "compare", .name = "strategies", .type = T::list, .required = true,
         .child = "<strategy>",
         .description = "a non-empty list of strategies (preset names or maps), one per variant"},

        // api:
        {.section = "api", .name = "preset", .type = T::text,
         .forms = "a preset name, e.g. anthropic-2025/tier-2 (see `ratesim list presets`)",
         .description = "merges a published tier's api section under this one",
         .names = KeyNames::tier_presets},
        {.section = "api", .name = "pools", .type = T::named_map, .required = true,
         .child = "api.pools.*", .description = "the organization's limit pools, by name"},
        {.section = "api", .name = "burst", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "60s",
         .description = "bucket capacity = limit x burst / 60s"},
        {.section = "api", .name = "output_accounting", .type = T::choice,
         .choices = {"streamed", "reserve-max-tokens"}, .default_value = "streamed",
         .description = "how output tokens are charged (the default for every pool)"},
        {.section = "api", .name = "latency", .type = T::map, .child = "api.latency",
         .description = "round trip, time to first token and output speed"},
        {.section = "api", .name = "capacity", .type = T::map, .child = "api.capacity",
         .description = "platform overload (HTTP 529)"},
        {.section = "api", .name = "workspaces", .type = T::named_map,
         .child = "api.workspaces.*",
         .description = "workspaces that narrow some of the organization's pools"},
        {.section = "api", .name = "spend_cap", .type = T::number, .unit = "USD", .min = 0.01,
         .max = 1e12, .alternative = "none",
         .forms = "a USD amount per month > 0 (e.g. 500), or none", .default_value = "none",
         .description = "the monthly spend cap"},
        {.section = "api", .name = "spend_month", .type = T::map, .child = "api.spend_month",
         .description = "where the run starts in the billing month"},
        {.section = "api", .name = "acceleration", .type = T::map, .alternative = "off",
         .default_value = "off", .child = "api.acceleration",
         .description = "the assumed acceleration limit"},
        {.section = "api", .name = "batches", .type = T::map, .child = "api.batches",
         .description = "Message Batches limits"},
        {.section = "api", .name = "queue", .type = T::map, .alternative = "off",
         .forms = "off, or {concurrency, scope, timeout, timeout_status}", .default_value = "off",
         .child = "api.queue",
         .description = "a concurrency limit with a queue in front: latency grows with load"},

        {.section = "api.pools.*", .name = "models", .type = T::text_list,
         .forms = "a non-empty list of model names, e.g. [claude-sonnet-4-5]", .required = true,
         .description = "the models that share the pool's limits (each in one pool only)"},
        {.section = "api.pools.*", .name = "rpm", .type = T::count, .unit = "requests/min",
         .min = 0, .min_exclusive = true,
         .description = "requests per minute; unlimited when left out"},
        {.section = "api.pools.*", .name = "itpm", .type = T::count, .unit = "tokens/min",
         .min = 0, .min_exclusive = true,
         .description = "input tokens per minute; unlimited when left out"},
        {.section = "api.pools.*", .name = "otpm", .type = T::count, .unit = "tokens/min",
         .min = 0, .min_exclusive = true,
         .description = "output tokens per minute; unlimited when left out"},
        {.section = "api.pools.*", .name = "tpm", .type = T::count, .unit = "tokens/min",
         .min = 0, .min_exclusive = true,
         .description = "legacy: input + output tokens per minute, one bucket; unlimited when left out"},
        {.section = "api.pools.*", .name = "tpd", .type = T::count, .unit = "tokens/day",
         .min = 0, .min_exclusive = true,
         .description = "legacy: input + output tokens per day, a bucket refilling over 24 h; "
                        "unlimited when left out"},
        {.section = "api.pools.*", .name = "tpd_burst", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "1d",
         .description = "the tpd bucket's capacity = tpd x tpd_burst / 24h (it starts full)"},
        {.section = "api.pools.*", .name = "output_accounting", .type = T::choice,
         .choices = {"streamed", "reserve-max-tokens"},
         .description = "how output tokens are charged in this pool; api.output_accounting "
                        "when left out"},
        {.section = "api.pools.*", .name = "cache_reads_count", .type = T::boolean,
         .default_value = "false", .description = "whether cache reads count towards ITPM"},
        {.section = "api.pools.*", .name = "errors", .type = T::list, .default_value = "[]",
         .child = "<error rule>",
         .description = "error statuses answered at random (500, 504, 408, 409), whatever the time"},
        {.section = "api.pools.*", .name = "max_request_tokens", .type = T::count,
         .unit = "tokens", .min = 0, .min_exclusive = true,
         .description = "a request with more counted input tokens gets 413 request_too_large and is "
                        "never admitted; no limit when left out"},

        {.section = "<error rule>", .name = "status", .type = T::integer, .min = 408, .max = 504,
         .forms = "one of 408, 409, 500, 504", .required = true,
         .description = "the status answered: 500 api_error, 504 timeout_error, 408, 409"},
        {.section = "<error rule>", .name = "rate", .type = T::fraction, .min = 0, .max = 1,
         .forms = "a fraction 0..1 of the attempts (e.g. 0.005 for 0.5%)", .required = true,
         .description = "the share of attempts answered with the status (the rules' shares add up)"},
        {.section = "<error rule>", .name = "should_retry", .type = T::boolean,
         .alternative = "none",
         .description = "the x-should-retry header sent with the error; not sent when left out or none"},
        {.section = "<error rule>", .name = "retry_after", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true, .alternative = "none", .default_value = "none",
         .description = "sent as retry-after-ms (exact) and retry-after (whole seconds, rounded up)"},

        {.section = "api.latency", .name = "round_trip", .type = T::distribution, .unit = "s",
         .forms = kDurationDistribution, .default_value = "100ms",
         .child = "<distribution>",
         .description = "network and queueing time of every attempt"},
        {.section = "api.latency", .name = "time_to_first_token", .type = T::distribution,
         .unit = "s", .forms = kDurationDistribution,
         .child = "<distribution>",
         .description = "from the request to its first output token; when left out, the pool's "
                        "first catalogued model's, else {dist: lognormal, median: 600ms, p95: 2s}"},
        {.section = "api.latency", .name = "output_tokens_per_second", .type = T::distribution,
         .unit = "tokens/s", .min = 0, .min_exclusive = true,
         .forms = "a number (e.g. 60), or {dist: ...}",
         .child = "<distribution>",
         .description = "output speed of a success; when left out, the pool's first catalogued "
                        "model's, else {dist: normal, mean: 60, sd: 10}"},

        {.section = "api.capacity", .name = "incidents", .type = T::list,
         .default_value = "[]", .child = "api.capacity.incidents[]",
         .description = "scheduled overload incidents"},
        {.section = "api.capacity", .name = "random", .type = T::map,
         .child = "api.capacity.random", .description = "random overload incidents"},
        {.section = "api.capacity", .name = "retry_after", .type = T::duration, .unit = "s",
         .min = 0, .alternative = "none", .default_value = "none",
         .description = "the retry-after header sent with a 529"},
        {.section = "api.capacity", .name = "should_retry", .type = T::boolean,
         .alternative = "none",
         .description = "the x-should-retry header sent with a 529; not sent when left out or none"},
        {.section = "api.capacity", .name = "consumes_budget", .type = T::boolean,
         .default_value = "false",
         .description = "whether a 529'd attempt still draws from the buckets"},
        {.section = "api.capacity", .name = "latency_factor", .type = T::number, .min = 1,
         .max = 1e6, .forms = "a number >= 1", .default_value = "1",
         .description = "success latency multiplier during an incident"},

        {.section = "api.capacity.incidents[]", .name = "at", .type = T::duration, .unit = "s",
         .min = 0, .forms = "a duration from the start, e.g. 20m", .required = true,
         .description = "when the incident starts"},
        {.section = "api.capacity.incidents[]", .name = "for", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true, .forms = "a duration > 0, e.g. 3m", .required = true,
         .description = "how long it lasts"},
        {.section = "api.capacity.incidents[]", .name = "overload", .type = T::fraction,
         .min = 0, .max = 1, .forms = "a fraction 0..1: the probability of a 529",
         .required = true, .description = "the probability that an attempt gets a 529"},
        {.section = "api.capacity.incidents[]", .name = "midstream", .type = T::map,
         .forms = "a map {fraction, after}", .child = "api.capacity.incidents[].midstream",
         .description = "streams broken off mid-way with overloaded_error after the 200 (default: none)"},
        {.section = "api.capacity.incidents[]", .name = "errors", .type = T::list,
         .default_value = "[]", .child = "<error rule>",
         .description = "error statuses answered at random during the incident, on top of the pools'"},

        {.section = "api.capacity.incidents[]", .name = "slowdown", .type = T::number, .min = 1,
         .max = 1e6, .forms = "a factor >= 1", .default_value = "1",
         .description = "service times (time to first token and generation) of the attempts "
                        "admitted during it are this many times longer"},

        {.section = "api.capacity.incidents[].midstream", .name = "fraction", .type = T::fraction,
         .min = 0, .max = 1, .forms = "a fraction 0..1 of the streams it catches", .required = true,
         .description = "the share of the streams whose break point falls in the incident that break off"},
        {.section = "api.capacity.incidents[].midstream", .name = "after", .type = T::fraction,
         .min = 0, .max = 1, .forms = "a fraction 0..1 of the generation (and of the output tokens)",
         .default_value = "0.5",
         .description = "how far through its output a stream breaks off (its break point)"},

        {.section = "api.capacity.random", .name = "every", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true,
         .forms = "a duration > 0: the mean time between onsets", .required = true,
         .description = "the mean time between onsets (a Poisson process)"},
        {.section = "api.capacity.random", .name = "for", .type = T::distribution, .unit = "s",
         .forms = kDurationDistribution, .default_value = "{dist: exponential, mean: 10m}",
         .child = "<distribution>",
         .description = "how long each incident lasts"},
        {.section = "api.capacity.random", .name = "overload", .type = T::fraction, .min = 0,
         .max = 1, .default_value = "0.5",
         .description = "the probability that an attempt during an incident gets a 529"},
        {.section = "api.capacity.random", .name = "midstream", .type = T::map,
         .forms = "a map {fraction, after}", .child = "api.capacity.random.midstream",
         .description = "streams broken off mid-way with overloaded_error after the 200 (default: none)"},

        {.section = "api.capacity.random.midstream", .name = "fraction", .type = T::fraction,
         .min = 0, .max = 1, .forms = "a fraction 0..1 of the streams it catches", .required = true,
         .description = "the share of the streams whose break point falls in an incident that break off"},
        {.section = "api.capacity.random.midstream", .name = "after", .type = T::fraction,
         .min = 0, .max = 1, .forms = "a fraction 0..1 of the generation (and of the output tokens)",
         .default_value = "0.5",
         .description = "how far through its output a stream breaks off (its break point)"},

        {.section = "api.workspaces.*", .name = "pools", .type = T::named_map,
         .forms = "a map of the organization's pool name -> {rpm, itpm, otpm}", .required = true,
         .child = "api.workspaces.*.pools.*",
         .description = "the organization's pools this workspace narrows, by pool name"},
        {.section = "api.workspaces.*.pools.*", .name = "rpm", .type = T::count,
         .unit = "requests/min", .min = 0, .min_exclusive = true,
         .description = "requests per minute, at most the organization's"},
        {.section = "api.workspaces.*.pools.*", .name = "itpm", .type = T::count,
         .unit = "tokens/min", .min = 0, .min_exclusive = true,
         .description = "input tokens per minute, at most the organization's"},
        {.section = "api.workspaces.*.pools.*", .name = "otpm", .type = T::count,
         .unit = "tokens/min", .min = 0, .min_exclusive = true,
         .description = "output tokens per minute, at most the organization's"},

        {.section = "api.spend_month", .name = "spent", .type = T::number, .unit = "USD",
         .min = 0, .max = 1e12, .forms = "a USD amount >= 0", .default_value = "0",
         .description = "USD already spent this month when the run starts"},
        {.section = "api.spend_month", .name = "ends_in", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true, .default_value = "30d",
         .description = "simulated time until the month ends (later months last 30 days)"},

        {.section = "api.acceleration", .name = "window", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true, .default_value = "1m",
         .description = "the window admissions are counted in"},
        {.section = "api.acceleration", .name = "growth", .type = T::number, .min = 1,
         .max = 1e6, .forms = "a factor >= 1", .default_value = "2",
         .description = "admissions may grow by this factor from one window to the next"},
        {.section = "api.acceleration", .name = "floor", .type = T::number, .unit = "requests",
         .min = 1, .max = 1e12, .forms = "a request count >= 1", .default_value = "50",
         .description = "requests per window always admitted"},

        {.section = "api.queue", .name = "concurrency", .type = T::integer, .unit = "requests",
         .min = 1, .max = 1'000'000, .forms = "a whole number 1..1000000", .required = true,
         .description = "attempts generated at a time (per pool, or for the organization); the "
                        "others wait first in, first out"},
        {.section = "api.queue", .name = "scope", .type = T::choice,
         .choices = {"pool", "organization"}, .default_value = "pool",
         .description = "whether each pool has `concurrency` servers, or all pools share them"},
        {.section = "api.queue", .name = "timeout", .type = T::duration, .unit = "s", .min = 0,
         .alternative = "none", .forms = "a duration (e.g. 60s), or none", .default_value = "none",
         .description = "an attempt that would wait longer for a server is answered timeout_status "
                        "when it has waited this long"},
        {.section = "api.queue", .name = "timeout_status", .type = T::integer, .min = 504,
         .max = 529, .forms = "529 or 504", .default_value = "529",
         .description = "the status of a queue timeout: 529 overloaded_error or 504 timeout_error"},

        {.section = "api.batches", .name = "rpm", .type = T::count, .unit = "requests/min",
         .min = 0, .min_exclusive = true,
         .description = "batch creation requests per minute; unlimited when left out"},
        {.section = "api.batches", .name = "queue", .type = T::count, .unit = "requests",
         .min = 0, .min_exclusive = true,
         .description = "requests in the processing queue, all batches together; unlimited when "
                        "left out"},
        {.section = "api.batches", .name = "max_batch_requests", .type = T::integer, .min = 1,
         .max = 100'000, .forms = "an integer from 1 to 100000 (the API's maximum)",
         .default_value = "100000", .description = "requests per batch"},
        {.section = "api.batches", .name = "turnaround", .type = T::distribution, .unit = "s",
         .forms = kDurationDistribution, .default_value = "{dist: lognormal, median: 15m, p95: 50m}",
         .child = "<distribution>",
         .description = "from a batch's creation to its results"},
        {.section = "api.batches", .name = "expiry", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "24h",
         .description = "a batch not done by then expires, its requests unbilled"},
        {.section = "api.batches", .name = "price_factor", .type = T::fraction, .min = 0,
         .max = 1, .default_value = "0.5", .description = "of the real-time prices"},

        // clients:
        {.section = "clients[]", .name = "name", .type = T::text,
         .forms = "letters, digits, '_' and '-' (it is used in --set paths)", .required = true,
         .description = "the group's name in reports and --set paths; unique"},
        {.section = "clients[]", .name = "workers", .type = T::integer, .min = 1,
         .max = 1'000'000, .forms = "an integer from 1 to 1000000", .default_value = "1",
         .description = "workers in the group"},
        {.section = "clients[]", .name = "start", .type = T::duration, .unit = "s", .min = 0,
         .default_value = "0s", .description = "when the group starts"},
        {.section = "clients[]", .name = "workload", .type = T::map, .required = true,
         .child = "clients[].workload", .description = "where the group's items come from"},
        {.section = "clients[]", .name = "request", .type = T::map, .required = true,
         .child = "clients[].request", .description = "the shape of each request"},
        {.section = "clients[]", .name = "strategy", .type = T::strategy,
         .child = "<strategy>",
         .description = "how workers retry, pace and budget (required unless compare.strategies "
                        "is given)"},
        {.section = "clients[]", .name = "coordination", .type = T::choice,
         .choices = {"none", "shared"}, .default_value = "none",
         .description = "none: each worker keeps its own strategy state; shared: one for the group"},
        {.section = "clients[]", .name = "timeout", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .default_value = "600s",
         .description = "client-side timeout per attempt"},
        {.section = "clients[]", .name = "deadline", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .alternative = "none", .default_value = "none",
         .description = "per item, from its creation; a late item fails"},
        {.section = "clients[]", .name = "workspace", .type = T::text,
         .forms = "a workspace of api.workspaces",
         .description = "the group's requests must also fit that workspace's limits"},
        {.section = "clients[]", .name = "batch_size", .type = T::integer, .min = 0,
         .max = 100'000,
         .forms = "0 (real time) or the requests per Message Batch, at most 100000",
         .default_value = "0",
         .description = "0: real time; N: send the items as Message Batches of up to N requests"},
        {.section = "clients[]", .name = "route", .type = T::shares,
         .forms = "a map from models of api.pools to shares of the items, e.g. "
                  "{claude-haiku-4-5: 30%}; the shares sum to at most 100%",
         .description = "sends a share of the group's items to other models, drawn per item; the "
                        "rest go to request.model"},

        {.section = "clients[].workload", .name = "kind", .type = T::choice,
         .choices = {"batch", "poisson", "trace"}, .forms = "batch, poisson or trace",
         .required = true, .selects_variant = true, .description = "the kind of workload"},
        {.section = "clients[].workload", .variant = "batch", .name = "items",
         .type = T::integer, .min = 1, .max = kMaxInteger, .forms = "an integer >= 1",
         .required = true, .description = "a queue of this many items"},
        {.section = "clients[].workload", .variant = "poisson", .name = "rate",
         .type = T::rate_profile, .unit = "1/s", .min = 0, .min_exclusive = true,
         .forms = kRateProfileForms, .required = true,
         .description = "open-loop Poisson arrivals at this rate, constant or varying with time "
                        "from the group's start"},
        {.section = "clients[].workload", .variant = "trace", .name = "file", .type = T::text,
         .forms = "a CSV file, relative to the scenario file", .required = true,
         .description = "the CSV to replay, one request per row"},
        {.section = "clients[].workload", .variant = "trace", .name = "time_scale",
         .type = T::number, .min = 1e-6, .max = 1e6,
         .forms = "a factor > 0: 0.5 replays twice as fast, 2 half as fast",
         .default_value = "1", .description = "multiplies the gaps between arrivals"},
        {.section = "clients[].workload", .variant = "trace", .name = "rate_scale",
         .type = T::number, .min = 0, .max = 100, .min_exclusive = true,
         .forms = "a factor > 0 and <= 100: 0.5 keeps every second row, 2 sends each row twice",
         .default_value = "1",
         .description = "multiplies the arrival rate over the same times (systematic "
                        "thinning or repetition of rows)"},
        {.section = "clients[].workload", .variant = "trace", .name = "columns", .type = T::map,
         .child = "clients[].workload.columns", .description = "the CSV's column names"},

        {.section = "clients[].workload.columns", .name = "time", .type = T::text,
         .forms = "a column name", .default_value = "TIMESTAMP",
         .description = "arrival times: seconds or YYYY-MM-DD HH:MM:SS[.fraction]"},
        {.section = "clients[].workload.columns", .name = "input_tokens", .type = T::text,
         .forms = "a column name", .default_value = "ContextTokens",
         .description = "each request's input tokens"},
        {.section = "clients[].workload.columns", .name = "output_tokens", .type = T::text,
         .forms = "a column name", .default_value = "GeneratedTokens",
         .description = "each request's output tokens"},

        {.section = "clients[].request", .name = "model", .type = T::text,
         .forms = "a model of one of api.pools", .required = true,
         .description = "a model listed in some pool"},
        {.section = "clients[].request", .name = "input_tokens", .type = T::distribution,
         .unit = "tokens", .forms = kTokenDistribution, .default_value = "1000",
         .child = "<distribution>",
         .description = "input tokens per request (besides cache reads and writes)"},
        {.section = "clients[].request", .name = "cache_read_tokens", .type = T::distribution,
         .unit = "tokens", .forms = kTokenDistribution, .default_value = "0",
         .child = "<distribution>",
         .description = "prompt-cache reads per request"},
        {.section = "clients[].request", .name = "cache_creation_tokens",
         .type = T::distribution, .unit = "tokens", .forms = kTokenDistribution,
         .default_value = "0", .child = "<distribution>",
         .description = "prompt-cache writes per request"},
        {.section = "clients[].request", .name = "max_tokens", .type = T::distribution,
         .unit = "tokens", .min = 1, .forms = kTokenDistribution, .default_value = "1024",
         .child = "<distribution>",
         .description = "the request's max_tokens"},
        {.section = "clients[].request", .name = "output_tokens", .type = T::distribution,
         .unit = "tokens", .forms = kTokenDistribution, .default_value = "500",
         .child = "<distribution>",
         .description = "output tokens per success, capped at max_tokens"},
        {.section = "clients[].request", .name = "cache_ttl", .type = T::choice,
         .choices = {"5m", "1h"}, .default_value = "5m",
         .description = "the price cache writes are billed at: a 5-minute or a 1-hour write"},

        // A strategy map, as in clients[].strategy and compare.strategies[].
        {.section = "<strategy>", .name = "name", .type = T::text, .forms = "a label for tables",
         .description = "the strategy's label in tables; when left out, the preset's name, else "
                        "custom-N"},
        {.section = "<strategy>", .name = "preset", .type = T::text,
         .forms = "a strategy preset name (see `ratesim list strategies`)",
         .description = "starts from this preset's parts", .names = KeyNames::strategy_presets},
        {.section = "<strategy>", .name = "retry", .type = T::strategy_part,
         .default_value = "none", .child = "<strategy part>",
         .description = "after a failed attempt: give up, or wait how long"},
        {.section = "<strategy>", .name = "pacing", .type = T::strategy_part,
         .default_value = "none", .child = "<strategy part>",
         .description = "whether a new attempt may start now"},
        {.section = "<strategy>", .name = "budget", .type = T::strategy_part,
         .default_value = "none", .child = "<strategy part>",
         .description = "caps across attempts"},
        {.section = "<strategy>", .name = "max_in_flight", .type = T::integer, .min = 1,
         .max = kMaxInteger, .forms = "an integer >= 1",
         .description = "shorthand for budget: {kind: max-in-flight, limit: N}, or a cap beside "
                        "another budget"},
        {.section = "<strategy>", .name = "routing", .type = T::map, .child = "<routing>",
         .description = "the fourth part: fall back to another model on a 429 or 529, with "
                        "cooldowns (LiteLLM's router)"},

        // The routing part of a strategy.
        {.section = "<routing>", .name = "fallbacks", .type = T::text_list,
         .forms = "a list of models or pools of api.pools (a pool stands for its first model)",
         .required = true,
         .description = "the models an item falls back to, tried in this order"},
        {.section = "<routing>", .name = "on", .type = T::statuses,
         .forms = "status codes 100..599, ranges 1xx..5xx, or timeout (e.g. [429, 529])",
         .default_value = "[429, 529]",
         .description = "the failures that put the model that answered in cooldown"},
        {.section = "<routing>", .name = "cooldown", .type = T::duration, .unit = "s", .min = 0,
         .default_value = "5s",
         .description = "how long a model stays out of picks after such a failure when the "
                        "answer has no retry-after (LiteLLM's default cooldown_time)"},
        {.section = "<routing>", .name = "max_fallbacks", .type = T::integer, .min = 0,
         .max = 1000, .forms = "an integer from 0 to 1000", .default_value = "1",
         .description = "moves to another model per item; past them the retry rule goes on"},

        // Its variants are the part's registered kinds, whose parameters
        // the registry declares.
        {.section = "<strategy part>", .name = "kind", .type = T::choice,
         .selects_variant = true,
         .description = "a registered kind of the part (may be left out beside a preset)",
         .names = KeyNames::part_kinds},

        // A distribution map, wherever a key's type is distribution.
        {.section = kRateStepSection, .name = "at", .type = T::duration, .unit = "s", .min = 0,
         .required = true, .description = "when the step's rate starts, from the group's start"},
        {.section = kRateStepSection, .name = "rate", .type = T::rate, .unit = "1/s", .min = 0,
         .forms = "a rate >= 0, e.g. 0/s, 2/s or 120/min", .required = true,
         .description = "the arrival rate from `at` until the next step"},
        {.section = kRateSpikeSection, .name = "base", .type = T::rate, .unit = "1/s", .min = 0,
         .forms = "a rate >= 0, e.g. 10/s", .required = true,
         .description = "the rate outside the spike"},
        {.section = kRateSpikeSection, .name = "spike", .type = T::rate, .unit = "1/s", .min = 0,
         .min_exclusive = true, .forms = "a rate > 0, e.g. 100/s", .required = true,
         .description = "the rate during the spike"},
        {.section = kRateSpikeSection, .name = "at", .type = T::duration, .unit = "s", .min = 0,
         .required = true, .description = "when the spike starts, from the group's start"},
        {.section = kRateSpikeSection, .name = "for", .type = T::duration, .unit = "s", .min = 0,
         .min_exclusive = true, .required = true, .description = "how long the spike lasts"},
        {.section = kRateDiurnalSection, .name = "mean", .type = T::rate, .unit = "1/s", .min = 0,
         .min_exclusive = true, .forms = "a rate > 0, e.g. 20/s", .required = true,
         .description = "the mean rate over a period"},
        {.section = kRateDiurnalSection, .name = "amplitude", .type = T::fraction,
         .required = true,
         .description = "the swing as a fraction of the mean: the rate runs from "
                        "mean*(1-amplitude) to mean*(1+amplitude)"},
        {.section = kRateDiurnalSection, .name = "period", .type = T::duration, .unit = "s",
         .min = 0, .min_exclusive = true, .default_value = "1d",
         .description = "the length of one cycle"},
        {.section = kRateDiurnalSection, .name = "peak_at", .type = T::duration, .unit = "s",
         .min = 0, .default_value = "0s",
         .description = "when the rate peaks, from the group's start (and every period after)"},

        {.section = "<distribution>", .name = "dist", .type = T::choice,
         .choices = {"constant", "uniform", "normal", "lognormal", "exponential", "empirical"},
         .required = true, .selects_variant = true, .description = "the family"},
        {.section = "<distribution>", .variant = "constant", .name = "value",
         .type = T::quantity, .min = 0, .required = true, .description = "the only value"},
        {.section = "<distribution>", .variant = "uniform", .name = "min",
         .type = T::quantity, .min = 0, .required = true, .description = "the smallest value"},
        {.section = "<distribution>", .variant = "uniform", .name = "max",
         .type = T::quantity, .min = 0, .required = true,
         .description = "the largest value, >= min"},
        {.section = "<distribution>", .variant = "normal", .name = "mean",
         .type = T::quantity, .min = 0, .required = true,
         .description = "the mean (the distribution is truncated at 0)"},
        {.section = "<distribution>", .variant = "normal", .name = "sd", .type = T::quantity,
         .min = 0, .required = true, .description = "the standard deviation"},
        {.section = "<distribution>", .variant = "lognormal", .name = "median",
         .type = T::quantity, .min = 0, .min_exclusive = true,
         .description = "the median (with p95)"},
        {.section = "<distribution>", .variant = "lognormal", .name = "p95",
         .type = T::quantity, .min = 0, .min_exclusive = true,
         .description = "the 95th percentile, above the median"},
        {.section = "<distribution>", .variant = "lognormal", .name = "mu", .type = T::number,
         .description = "the mean of ln X (with sigma; for durations ln of seconds)"},
        {.section = "<distribution>", .variant = "lognormal", .name = "sigma", .type = T::number,
         .min = 0, .description = "the standard deviation of ln X"},
        {.section = "<distribution>", .variant = "exponential", .name = "mean",
         .type = T::quantity, .min = 0, .min_exclusive = true, .required = true,
         .description = "the mean"},
        {.section = "<distribution>", .variant = "empirical", .name = "file", .type = T::text,
         .forms = "a CSV file with a header row", .required = true,
         .description = "a CSV file, relative to the scenario file's directory"},
        {.section = "<distribution>", .variant = "empirical", .name = "column", .type = T::text,
         .forms = "the name of a column in the CSV's header row", .required = true,
         .description = "the column whose values are drawn uniformly"},

        // plan:
        {.section = "plan", .name = "targets", .type = T::text_list,
         .forms = "a list of targets such as 'makespan <= 1h', 'rate_429 <= 1%', "
                  "'latency_p99 <= 30s', 'goodput_rpm >= 40'",
         .description = "what every answer must meet: METRIC <= VALUE or METRIC >= VALUE"},
        {.section = "plan", .name = "search", .type = T::sweep,
         .description = "candidates: one path and its values, as in sweep"},
        {.section = "plan", .name = "bisect", .type = T::interval,
         .description = "the smallest value of one path in LOW..HIGH that meets the targets"},
        {.section = "plan", .name = "tiers", .type = T::text,
         .forms = "a preset family such as anthropic-2025",
         .description = "candidates: a preset family's tiers, cheapest first",
         .names = KeyNames::tier_families},

        // A tier preset file (scenarios/presets/<family>.yaml).
        {.section = "<preset file>", .name = "family", .type = T::text, .forms = "a name",
         .required = true, .description = "the family name, the same as the file name's"},
        {.section = "<preset file>", .name = "dated", .type = T::text, .forms = "a string",
         .required = true, .description = "when these limits applied"},
        {.section = "<preset file>", .name = "source", .type = T::text, .forms = "a string",
         .required = true, .description = "where the limits were published"},
        {.section = "<preset file>", .name = "tiers", .type = T::named_map, .required = true,
         .child = "<preset file>.tiers.*", .description = "the tiers, cheapest first"},
        {.section = "<preset file>.tiers.*", .name = "summary", .type = T::text,
         .forms = "a string", .description = "one line for `ratesim list presets`"},
        {.section = "<preset file>.tiers.*", .name = "api", .type = T::map, .required = true,
         .child = "api", .description = "the api section merged under a scenario's own"},
    };
}

}  // namespace

const std::vector<KeySpec>& scenario_keys() {
    static const std::vector<KeySpec> table = build_table();
    return table;
}

std::vector<std::string> keys_of(std::string_view section, std::string_view variant) {
    std::vector<std::string> names;
    bool variant_found = variant.empty();
    for (const KeySpec& key : scenario_keys())
        if (key.section == section && (key.variant.empty() || key.variant == variant)) {
            names.emplace_back(key.name);
            variant_found = variant_found || key.variant == variant;
        }
    if (names.empty() || !variant_found)
        throw std::logic_error("the key table has no section '" + std::string(section) +
                               "' variant '" + std::string(variant) + "'");
    return names;
}

const KeySpec& key_spec(std::string_view section, std::string_view name,
                        std::string_view variant) {
    for (const KeySpec& key : scenario_keys())
        if (key.section == section && key.name == name &&
            (key.variant.empty() || key.variant == variant))
            return key;
    throw std::logic_error("the key table has no key '" + std::string(name) + "' in section '" +
                           std::string(section) + "'");
}

std::vector<std::string> keys_of_part(const models::PartKind& kind) {
    std::vector<std::string> names = keys_of("<strategy part>");
    for (const auto& param : kind.params) names.push_back(param.name);
    return names;
}

std::vector<std::string> choices_of(const KeySpec& key) {
    return {key.choices.begin(), key.choices.end()};
}

}  // namespace ratesim::scenario
