#include "sim/output/written_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ratesim::output {

void close_written(std::ofstream& out, const std::filesystem::path& file) {
    errno = 0;
    if (out.is_open()) out.close();
    if (!out) {
        const int error = errno;
        throw std::runtime_error("cannot write " + file.string() +
                                 (error != 0 ? std::string(": ") + std::strerror(error) : ""));
    }
}

}  // namespace ratesim::output
