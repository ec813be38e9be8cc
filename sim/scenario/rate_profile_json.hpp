#pragma once
// A workload's rate in the resolved scenario, with the YAML's forms: a
// constant as "2/s", steps as [{at, rate}], a spike as {base, spike, at,
// for}, a diurnal cycle as {mean, amplitude, period, peak_at}. Readers of
// summary.json (the report, the limits text) get the profile back, and a
// one-line description of it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "models/rate_profile.hpp"

namespace ratesim::scenario {

nlohmann::json rate_to_json(const models::RateProfile& rate);
// Nothing when `rate` is not one of those forms.
std::optional<models::RateProfile> rate_from_json(const nlohmann::json& rate);
// "2/s"; "10/s from 0s, 40/s from 9h"; "10/s, 100/s from 30m for 2m";
// "diurnal, mean 20/s ±60%, period 1d, peak at 14h".
std::string rate_text(const models::RateProfile& rate);
// The same from JSON; "?" for what rate_from_json cannot read.
std::string rate_text(const nlohmann::json& rate);

}  // namespace ratesim::scenario
