#pragma once
// The page `ratesim playground` writes: the template
// sim/playground/page_template.html (compiled in by
// cmake/embed_playground.cmake) with its two placeholders filled, as
// docs/playground.md and the playground contract describe:
//   <script id="ratesim-data" type="application/json">@@RATESIM_DATA@@</script>
//   <script id="ratesim-module" type="text/plain">@@RATESIM_MODULE@@</script>
#include <string>
#include <string_view>

namespace ratesim::cli {

inline constexpr std::string_view kDataPlaceholder = "@@RATESIM_DATA@@";
inline constexpr std::string_view kModulePlaceholder = "@@RATESIM_MODULE@@";

// The template's text, as built into the binary.
std::string_view playground_page_template();

// `data_json` with every "</" written "<\/" (the same JSON), so no text in
// it ends the script element that holds it.
std::string escape_page_data(const std::string& data_json);
// `module_text` with every "</script" written "<\/script" (the same
// JavaScript inside its strings), for the same reason.
std::string escape_page_module(const std::string& module_text);

// `page_template` with its placeholders replaced by the escaped data and
// module. Each placeholder must be in the template exactly once (else
// std::logic_error); what the data or module holds is never searched for one.
std::string fill_playground_page(std::string_view page_template, const std::string& data_json,
                                 const std::string& module_text);

}  // namespace ratesim::cli
