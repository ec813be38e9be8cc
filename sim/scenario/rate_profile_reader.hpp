#pragma once
// A workload's `rate:` read into a models::RateProfile: a constant rate, a
// list of steps, a spike or a diurnal cycle (the forms are in
// kRateProfileForms). Internal to the loader.
#include "models/rate_profile.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

models::RateProfile read_rate_profile(const YamlNode& node);

}  // namespace ratesim::scenario
