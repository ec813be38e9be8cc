#pragma once
// The report's scenario section: limits, incidents, client groups and the
// strategies compared, from the resolved scenario in summary.json.
#include <string>

#include "sim/output/result_dir.hpp"

namespace ratesim::output {

// An HTML fragment (a <section>); all scenario text is escaped.
std::string scenario_section_html(const ResultDir& result);

}  // namespace ratesim::output
