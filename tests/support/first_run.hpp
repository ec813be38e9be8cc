#pragma once
// The first replication's metrics of the variant named `name` in an
// experiment's results; fails the test when there is no such variant.
// Keep `results` alive while the reference is used. Include after
// <catch2/catch.hpp>.
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::testing {

inline const run::RunMetrics& first_run(const std::vector<run::VariantResult>& results,
                                        const std::string& name) {
    for (const auto& v : results)
        if (v.variant.name == name) return v.runs.front();
    FAIL("no variant " << name);
    throw;
}

}  // namespace ratesim::testing
