#pragma once
// A limit pool for unit tests: the given limits, accounting and models.
#include <optional>
#include <string>
#include <vector>

#include "models/config.hpp"

namespace ratesim::testing {

inline models::PoolConfig pool_config(std::optional<double> rpm, std::optional<double> itpm,
                                      std::optional<double> otpm,
                                      models::OutputAccounting accounting = models::OutputAccounting::streamed,
                                      std::vector<std::string> models = {"test-model"}) {
    models::PoolConfig p;
    p.name = "test-pool";
    p.models = std::move(models);
    p.rpm = rpm;
    p.itpm = itpm;
    p.otpm = otpm;
    p.output_accounting = accounting;
    return p;
}

}  // namespace ratesim::testing
