#pragma once
// The purpose tests key their own random streams by: 99, a value no model uses.
#include <cstdint>

namespace ratesim::testing {
inline constexpr std::uint32_t kTestPurpose = 99;
}  // namespace ratesim::testing
