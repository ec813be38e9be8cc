// Plots and report.html, end to end through the `ratesim` program on a tiny
// scenario (tests/fixtures/plots/scenario.yaml): every expected file, SVGs
// that are well-formed XML with one series per variant in the variant's own
// color, a report with no external URL and the scenario's text escaped, a
// run without gnuplot that keeps its tables, and `ratesim plot DIR` with a
// sweep's curves.csv. No pixels are compared. Where gnuplot is not
// installed, the checks of drawn files are skipped with a warning.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "sim/output/csv_reader.hpp"
#include "sim/output/html_text.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/report_html.hpp"
#include "support/program.hpp"
#include "support/xml_check.hpp"

namespace test_plots {

using namespace ratesim::testing;

namespace {

const std::string kFixture = kSource + "/tests/fixtures/plots/scenario.yaml";
const std::string kCurves = kSource + "/tests/fixtures/plots/curves.csv";
const std::vector<std::string> kVariants = {"naive", "full-jitter", "header-proactive"};
const std::vector<std::string> kPlots = {"throughput", "rate_429", "buckets", "latency_cdf",
                                         "attempts"};

// Where gnuplot is missing the checks of drawn files are skipped with a
// warning, unless RATESIM_REQUIRE_GNUPLOT=1 (CI sets it): then that fails.
bool gnuplot_installed() {
    static const bool installed = std::system("command -v gnuplot >/dev/null 2>&1") == 0;
    if (!installed) {
        const char* required = std::getenv("RATESIM_REQUIRE_GNUPLOT");
        if (required && std::string(required) == "1")
            FAIL("gnuplot is not installed and RATESIM_REQUIRE_GNUPLOT=1: install gnuplot-nox");
        WARN("gnuplot is not installed: the checks of drawn SVG and PNG files are skipped");
    }
    return installed;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

// gnuplot's SVG spells a color "rgb( 78, 121, 167)".
std::string svg_rgb(const std::string& hex) {
    const auto byte = [&](int at) {
        return std::stoi(hex.substr(static_cast<std::size_t>(at), 2), nullptr, 16);
    };
    return fmt::format("rgb({:3d}, {:3d}, {:3d})", byte(1), byte(3), byte(5));
}

// The series of a gnuplot SVG: for each plotted element, its key text and its stroke colors.
struct Series {
    std::string title;
    std::string body;
};
std::vector<Series> svg_series(const std::string& svg) {
    std::vector<Series> out;
    const std::string marker = "<g id=\"gnuplot_plot_";
    for (auto at = svg.find(marker); at != std::string::npos;) {
        const auto next = svg.find(marker, at + 1);
        Series s;
        s.body = svg.substr(at, next == std::string::npos ? std::string::npos : next - at);
        std::smatch m;
        if (std::regex_search(s.body, m, std::regex("<text>([^<]*)</text>"))) s.title = m[1];
        out.push_back(std::move(s));
        at = next;
    }
    return out;
}

// Every variant is one series titled `name + suffix`, drawn in its palette color.
void check_one_series_per_variant(const fs::path& svg_file, const std::string& suffix) {
    INFO(svg_file.string());
    const std::string svg = read_file(svg_file);
    CHECK(xml_problem(svg).empty());
    const std::vector<Series> series = svg_series(svg);
    for (std::size_t v = 0; v < kVariants.size(); ++v) {
        INFO(kVariants[v]);
        int titled = 0;
        for (const auto& s : series)
            if (s.title == kVariants[v] + suffix) {
                ++titled;
                CHECK(s.body.find(svg_rgb(ratesim::output::variant_color(v))) != std::string::npos);
                CHECK(s.body.find("<path") != std::string::npos);
            }
        CHECK(titled == 1);
    }
}

// What in an HTML page would make a browser fetch something.
std::vector<std::string> external_references(const std::string& html) {
    std::vector<std::string> found;
    static const std::regex pattern(
        R"re((https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}|\bsrc\s*=|<link\b|<script\b|@import|url\(\s*[^#\s)]))re",
        std::regex::icase);
    for (std::sregex_iterator it(html.begin(), html.end(), pattern), end; it != end; ++it)
        found.push_back(it->str());
    return found;
}

void check_report_tables(const std::string& html) {
    CHECK(xml_problem(
              "<root>" +
              html.substr(html.find("<main>"), html.find("</main>") + 7 - html.find("<main>")) +
              "</root>") == "");
    CHECK(html.find("<h2>Comparison</h2>") != std::string::npos);
    CHECK(html.find("<h2>What happened</h2>") != std::string::npos);
    CHECK(html.find("common random numbers") != std::string::npos);
    for (const auto& v : kVariants)
        CHECK(count(html, "</span>" + v + "</td>") == 2);  // comparison and strategies
    CHECK(
        html.find(
            "<td>sonnet</td><td>claude-sonnet-4-5</td><td>20</td><td>40,000</td><td>8,000</td>") !=
        std::string::npos);
    CHECK(html.find("from 30s for 60s: 50% of attempts get 529") != std::string::npos);
    CHECK(external_references(html).empty());
}

}  // namespace

TEST_CASE(
    "A run draws every plot as SVG and PNG from data and scripts it keeps, and inlines them in the "
    "report",
    "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kFixture), quote(out.string())),
                        tmp.path()) == 0);
    for (const char* file :
         {"summary.csv", "summary.json", "timeseries.csv", "latency_cdf.csv", "report.html"})
        CHECK(fs::is_regular_file(out / file));
    for (const auto& plot : kPlots) {
        INFO(plot);
        CHECK(fs::file_size(out / "plots" / (plot + ".dat")) > 0);
        const std::string gp = read_file(out / "plots" / (plot + ".gp"));
        CHECK(gp.find("set output '" + plot + ".svg'") != std::string::npos);
        CHECK(gp.find("set output '" + plot + ".png'") != std::string::npos);
    }
    // The incident (30s for 60s) is shaded on every plot over time.
    for (const char* plot : {"throughput", "rate_429", "buckets"})
        CHECK(read_file(out / "plots" / (std::string(plot) + ".gp"))
                  .find("set object rect from 30, graph 0 to 90, graph 1") != std::string::npos);
    // The binding limit: RPM 20 (ITPM 40k / 500 mean input tokens = 80/min, OTPM 8k / 150 = 53/min).
    CHECK(read_file(out / "plots" / "throughput.gp")
              .find("20 with lines dt 3 lw 2 lc rgb '#000000' title 'binding limit: RPM 20/min'") !=
          std::string::npos);
    const std::string html = read_file(out / "report.html");
    check_report_tables(html);
    // What happened, from the numbers: naive retry wastes the most attempts.
    CHECK(html.find("<li>naive sent ") != std::string::npos);
    CHECK(html.find("× as many attempts as items") != std::string::npos);
    CHECK(html.find("529 (overloaded)") != std::string::npos);
    if (!gnuplot_installed()) return;
    CHECK(read_file(tmp / "stderr.txt").empty());
    for (const auto& plot : kPlots) {
        INFO(plot);
        CHECK(fs::file_size(out / "plots" / (plot + ".png")) > 1000);
        const std::string svg = read_file(out / "plots" / (plot + ".svg"));
        CHECK(xml_problem(svg).empty());
        CHECK(svg.size() > 1000);
        CHECK(count(html, "<figure id=\"" + plot + "\">") == 1);
    }
    CHECK(count(html, "<svg") == kPlots.size());
    check_one_series_per_variant(out / "plots" / "throughput.svg", "");
    check_one_series_per_variant(out / "plots" / "latency_cdf.svg", "");
    // With 529s in the run, each variant has a 429 and a 529 series.
    check_one_series_per_variant(out / "plots" / "rate_429.svg", " 429");
    check_one_series_per_variant(out / "plots" / "rate_429.svg", " 529");
    // The bucket plot shows the first variant unless told otherwise.
    CHECK(read_file(out / "plots" / "buckets.gp").find("Bucket levels: naive,") !=
          std::string::npos);
}

TEST_CASE("The report references no external URL and shows the scenario's text escaped",
          "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --plot-variant header-proactive",
                                    quote(kFixture), quote(out.string())),
                        tmp.path()) == 0);
    const std::string html = read_file(out / "report.html");
    CHECK(external_references(html).empty());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("Tests &lt;b&gt;&quot;escaping&quot;&lt;/b&gt; &amp; &#39;quotes&#39; "
                    "&lt;script&gt;alert(1)&lt;/script&gt; in the report.") != std::string::npos);
    CHECK(read_file(out / "plots" / "buckets.gp").find("Bucket levels: header-proactive,") !=
          std::string::npos);
    // The check itself finds what it is meant to find.
    CHECK_FALSE(external_references("<img src=\"a.png\">").empty());
    CHECK_FALSE(external_references("<p>see https://example.com</p>").empty());
    CHECK_FALSE(external_references("<a href=\"//cdn.example.org/x\">").empty());
    CHECK_FALSE(external_references("<style>@import 'x.css';</style>").empty());
    CHECK_FALSE(external_references("<div style=\"background: url(x.png)\"></div>").empty());
    CHECK(external_references("<svg><rect fill=\"url(#p0-grad)\"/></svg>").empty());
}

TEST_CASE(
    "Without gnuplot a run succeeds, keeps the scripts and a report with its tables, and says once "
    "how to "
    "get the plots",
    "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {}", quote(kFixture), quote(out.string())),
                        tmp.path(), "RATESIM_GNUPLOT=/nonexistent/gnuplot") == 0);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK(count(err, "apt-get install gnuplot-nox") == 1);
    CHECK(count(err, "ratesim plot " + out.string()) == 1);
    for (const auto& plot : kPlots) {
        INFO(plot);
        CHECK(fs::exists(out / "plots" / (plot + ".gp")));
        CHECK(fs::exists(out / "plots" / (plot + ".dat")));
        CHECK_FALSE(fs::exists(out / "plots" / (plot + ".svg")));
        CHECK_FALSE(fs::exists(out / "plots" / (plot + ".png")));
    }
    const std::string html = read_file(out / "report.html");
    check_report_tables(html);
    CHECK(html.find("<svg") == std::string::npos);
    CHECK(html.find("apt-get install gnuplot-nox") != std::string::npos);
    // Nothing of gnuplot's left behind.
    for (const auto& entry : fs::directory_iterator(out / "plots"))
        CHECK(entry.path().filename().string().rfind(".", 0) == std::string::npos);
}

TEST_CASE("ratesim plot redraws a directory in place and draws a sweep's curves", "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", quote(kFixture),
                                    quote(out.string())),
                        tmp.path()) == 0);
    CHECK_FALSE(fs::exists(out / "plots"));
    CHECK(read_file(out / "report.html").find("--no-plots") != std::string::npos);
    const std::string summary = read_file(out / "summary.csv");
    fs::copy_file(kCurves, out / "curves.csv");

    // A directory named relative to the working directory, as users name it.
    REQUIRE(run_ratesim("plot out", tmp.path(), "cd " + quote(tmp.path().string()) + " &&") == 0);
    CHECK(read_file(tmp / "stderr.txt").empty() == gnuplot_installed());
    CHECK(read_file(out / "summary.csv") == summary);
    CHECK(fs::exists(out / "curves.csv"));
    CHECK(fs::exists(out / ".ratesim-output"));
    for (const auto& entry : fs::directory_iterator(tmp.path()))
        CHECK(entry.path().filename().string().find(".out.") ==
              std::string::npos);  // no staging left
    for (const auto& plot : kPlots) CHECK(fs::exists(out / "plots" / (plot + ".gp")));

    // One plot per swept metric that the file holds (fairness_jain is not plotted).
    const fs::path plots = out / "plots";
    const std::string workers_goodput =
        read_file(plots / "sweep_clients-app-workers_goodput_rpm.gp");
    const std::string workers_429 = read_file(plots / "sweep_clients-app-workers_rate_429.gp");
    const std::string itpm = read_file(plots / "sweep_api-pools-sonnet-itpm_makespan_s.gp");
    CHECK_FALSE(fs::exists(plots / "sweep_clients-app-workers_makespan_s.gp"));
    CHECK_FALSE(fs::exists(plots / "sweep_api-pools-sonnet-itpm_fairness_jain.gp"));
    // 1 to 64 workers span 64 times: log x; text values are categories.
    CHECK(workers_goodput.find("set logscale x") != std::string::npos);
    CHECK(itpm.find("set logscale x") == std::string::npos);
    CHECK(itpm.find(":xtic(5)") != std::string::npos);
    for (const std::string* gp : {&workers_goodput, &workers_429, &itpm}) {
        CHECK(count(*gp, "with yerrorlines") == 2);  // one line per strategy
        CHECK(gp->find("title 'naive'") != std::string::npos);
        CHECK(gp->find("title 'full-jitter'") != std::string::npos);
    }
    const std::string rate_data = read_file(plots / "sweep_clients-app-workers_rate_429.dat");
    CHECK(rate_data.find("16 93 92 94 \"16\"") != std::string::npos);  // fractions drawn as percent
    CHECK(read_file(plots / "sweep_api-pools-sonnet-itpm_makespan_s.dat")
              .find("1 330 320 340 \"40k, burst 60s\"") != std::string::npos);
    const std::string html = read_file(out / "report.html");
    check_report_tables(html);
    for (const char* plot :
         {"sweep_clients-app-workers_goodput_rpm", "sweep_clients-app-workers_rate_429",
          "sweep_api-pools-sonnet-itpm_makespan_s"}) {
        INFO(plot);
        CHECK(count(html, fmt::format("<figure id=\"{}\">", plot)) == 1);
        if (gnuplot_installed()) {
            CHECK(fs::file_size(plots / (std::string(plot) + ".png")) > 1000);
            CHECK(xml_problem(read_file(plots / (std::string(plot) + ".svg"))).empty());
        }
    }
}

TEST_CASE("Plot options that name nothing are refused with exit code 2 before any work",
          "[plots]") {
    TempDir tmp;
    CHECK(run_ratesim(fmt::format("run {} -o {} --plot-variant nope", quote(kFixture),
                                  quote((tmp / "out").string())),
                      tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK(err.find("--plot-variant 'nope'") != std::string::npos);
    CHECK(err.find("allowed: naive, full-jitter, header-proactive") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out"));

    fs::create_directories(tmp / "notes");
    write_file(tmp / "notes" / "todo.txt", "mine");
    CHECK(run_ratesim("plot " + quote((tmp / "notes").string()), tmp.path()) == 2);
    CHECK(read_file(tmp / "stderr.txt").find("written by `ratesim run`") != std::string::npos);
    CHECK(read_file(tmp / "notes" / "todo.txt") == "mine");
    CHECK(run_ratesim("plot " + quote((tmp / "missing").string()), tmp.path()) == 2);
    CHECK_FALSE(fs::exists(tmp / "missing"));
}

TEST_CASE("The XML check used on the SVGs rejects what is not well-formed", "[plots]") {
    CHECK(xml_problem(
              "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x \"y\">]>\n"
              "<svg a='1' b=\"&amp;\"><g><text>a &lt; b</text></g><path d='M0,0'/></svg>\n") == "");
    CHECK(xml_problem("<svg><g></svg></g>") != "");
    CHECK(xml_problem("<svg><g>") != "");
    CHECK(xml_problem("<svg a=1></svg>") != "");
    CHECK(xml_problem("<svg a='1' a='2'></svg>") != "");
    CHECK(xml_problem("<svg>a & b</svg>") != "");
    CHECK(xml_problem("<svg></svg><svg></svg>") != "");
    CHECK(xml_problem("") != "");
}

TEST_CASE("An inlined SVG keeps its drawing, loses its namespaces and gets ids of its own",
          "[plots]") {
    TempDir tmp;
    write_file(tmp / "p.svg",
               "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
               "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
               "<svg width=\"10\" xmlns=\"http://www.w3.org/2000/svg\" "
               "xmlns:xlink='http://www.w3.org/1999/xlink'>"
               "<defs><path id='gpPt0' d='M0,0'/></defs><use xlink:href='#gpPt0'/>"
               "<g clip-path=\"url(#gpclip)\" id=\"gnuplot_plot_1\"></g></svg>\n");
    const std::string svg = ratesim::output::inline_svg(tmp / "p.svg", "p3-");
    CHECK(
        svg ==
        "<svg width=\"10\"><defs><path id='p3-gpPt0' d='M0,0'/></defs><use xlink:href='#p3-gpPt0'/>"
        "<g clip-path=\"url(#p3-gpclip)\" id=\"p3-gnuplot_plot_1\"></g></svg>");
    CHECK(ratesim::output::inline_svg(tmp / "missing.svg", "p0-").empty());
}

TEST_CASE("Text for HTML and CSV fields read back are exact", "[plots]") {
    CHECK(ratesim::output::html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(ratesim::output::csv_fields("a,\"b, \"\"c\"\"\",,d\r") ==
          std::vector<std::string>{"a", "b, \"c\"", "", "d"});
    CHECK(ratesim::output::csv_fields("") == std::vector<std::string>{""});
}

TEST_CASE("Plots over time draw the first 8 variants of many and say so, the others show all",
          "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(
                fmt::format("run {} -o {} --quiet --no-plots --replications 1 --set "
                            "'compare.strategies=[naive,exponential,full-jitter,equal-jitter,"
                            "decorrelated-jitter,retry-after,header-proactive,sdk-default,sdk-ts]'",
                            quote(kFixture), quote(out.string())),
                tmp.path()) == 0);
    // Redraw with a gnuplot that fails: the scripts are still written, the run says so.
    REQUIRE(run_ratesim("plot " + quote(out.string()), tmp.path(), "RATESIM_GNUPLOT=false") == 0);
    CHECK(read_file(tmp / "stderr.txt").find("gnuplot ('false') failed") != std::string::npos);
    const fs::path plots = out / "plots";
    for (const char* plot : {"throughput", "rate_429"}) {
        INFO(plot);
        const std::string data = read_file(plots / (std::string(plot) + ".dat"));
        CHECK(count(data, "\n\n\n") == 8);
        CHECK(data.find("# sdk-default\n") != std::string::npos);
        CHECK(data.find("# sdk-ts\n") == std::string::npos);
        CHECK(read_file(plots / (std::string(plot) + ".gp")).find("first 8 of 9 variants") !=
              std::string::npos);
    }
    CHECK(count(read_file(plots / "latency_cdf.dat"), "\n\n\n") == 9);
    CHECK(count(read_file(plots / "attempts.dat"), "\n") == 10);  // a comment, then 9 variants
    // Every variant keeps its color in the tables, the ninth included.
    const std::string html = read_file(out / "report.html");
    CHECK(html.find(fmt::format("background:{}\"></span>sdk-ts</td>",
                                ratesim::output::variant_color(8))) != std::string::npos);
    CHECK(html.find("failed") != std::string::npos);
}

TEST_CASE("A sweep draws its strategies at the scenario's own value, each strategy in one color",
          "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    // The fixture has 4 workers: the plots per variant draw the three strategies at workers=4.
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --replications 1 --sweep "
                                    "clients.app.workers=2,4,8",
                                    quote(kFixture), quote(out.string())),
                        tmp.path()) == 0);
    const fs::path plots = out / "plots";
    for (const char* plot : {"throughput", "rate_429", "latency_cdf"}) {
        INFO(plot);
        const std::string data = read_file(plots / (std::string(plot) + ".dat"));
        CHECK(count(data, "\n\n\n") == 3);
        for (const auto& v : kVariants)
            CHECK(data.find("# " + v + " workers=4\n") != std::string::npos);
        CHECK(read_file(plots / (std::string(plot) + ".gp")).find("at workers=4") !=
              std::string::npos);
    }
    const std::string attempts = read_file(plots / "attempts.dat");
    CHECK(count(attempts, "\n") == 4);
    CHECK(attempts.find("\"header-proactive workers=4\"") != std::string::npos);
    CHECK(read_file(plots / "buckets.gp").find("Bucket levels: naive workers=4,") !=
          std::string::npos);
    // A strategy's color is the same at every value, and in the sweep's curves.
    const std::string html = read_file(out / "report.html");
    for (std::size_t s = 0; s < kVariants.size(); ++s)
        for (const char* value : {"2", "4", "8"})
            CHECK(html.find(fmt::format("background:{}\"></span>{} workers={}</td>",
                                        ratesim::output::variant_color(s), kVariants[s], value)) !=
                  std::string::npos);
    const std::string curve = read_file(plots / "sweep_clients-app-workers_goodput_rpm.gp");
    for (std::size_t s = 0; s < kVariants.size(); ++s)
        CHECK(curve.find(fmt::format("lc rgb '{}' dt 1 title '{}'", ratesim::output::variant_color(s),
                                     kVariants[s])) != std::string::npos);
    CHECK(count(html, "<figure id=\"sweep_clients-app-workers_") == 4);
    CHECK(html.find("<li>At workers=4, the value the plots show") != std::string::npos);
    CHECK(html.find("naive workers=2 sent") == std::string::npos);
}

TEST_CASE("ratesim plot redraws the plots of a directory written by ratesim plan", "[plots]") {
    TempDir tmp;
    const fs::path out = tmp / "plan";
    REQUIRE(run_ratesim(fmt::format("plan {} --search 'api.pools.sonnet.rpm=10,40' --target 'makespan<=5m' "
                                    "--replications 1 -o {}",
                                    quote(kSource + "/scenarios/quickstart.yaml"), quote(out.string())),
                        tmp.path()) == 0);
    const std::string script = read_file(out / "plots" / "plan_makespan_s.gp");
    fs::remove(out / "plots" / "plan_makespan_s.svg");
    fs::remove(out / "plots" / "plan_makespan_s.png");
    REQUIRE(run_ratesim("plot " + quote(out.string()), tmp.path()) == 0);
    CHECK(read_file(tmp / "stdout.txt") == "wrote " + out.string() + "/plots/ (1 plan plot)\n");
    CHECK(read_file(out / "plots" / "plan_makespan_s.gp") == script);
    CHECK(fs::exists(out / "plan.txt"));
    CHECK(fs::exists(out / "plan.csv"));
    if (!gnuplot_installed()) return;
    CHECK(xml_problem(read_file(out / "plots" / "plan_makespan_s.svg")).empty());
    CHECK(fs::file_size(out / "plots" / "plan_makespan_s.png") > 1000);
}

}  // namespace test_plots
