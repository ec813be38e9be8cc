#include "sim/output/written_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

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

void write_whole(const std::filesystem::path& file, const std::string& text, const std::string& tag) {
    const std::filesystem::path temporary =
        file.string() + ".ratesim-" + tag + "-" + std::to_string(getpid());
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    try {
        close_written(out, temporary);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error("cannot write " + file.string() + ": " + ec.message());
    }
}

}  // namespace ratesim::output
