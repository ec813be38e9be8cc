#pragma once
// Reading a summary.csv that `ratesim run` wrote, from tests: the mean row
// of a variant (for one group, `all` by default) by column name.
// Include after <catch2/catch.hpp>.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "program.hpp"
#include "sim/output/csv_reader.hpp"

namespace ratesim::testing {

class SummaryFile {
public:
    explicit SummaryFile(const fs::path& file) {
        std::istringstream in(read_file(file));
        std::string line;
        REQUIRE(std::getline(in, line));
        header_ = output::csv_fields(line);
        while (std::getline(in, line)) {
            const std::vector<std::string> f = output::csv_fields(line);
            REQUIRE(f.size() == header_.size());
            if (f[3] == "mean")
                means_[f[0] + "," + f[1]] = f;
            else
                ++runs_;
        }
    }

    // The mean of `column` over the replications of `variant` in `group`.
    double mean(const std::string& variant, const std::string& column,
                const std::string& group = "all") const {
        const auto row = means_.find(variant + "," + group);
        INFO("variant " << variant << ", group " << group << ", column " << column);
        REQUIRE(row != means_.end());
        return std::strtod(row->second[index(column)].c_str(), nullptr);
    }

    // The variants with a mean row in `group`, sorted by name.
    std::vector<std::string> variants(const std::string& group = "all") const {
        std::vector<std::string> names;
        for (const auto& [key, row] : means_)
            if (row[1] == group) names.push_back(row[0]);
        return names;
    }

    // Rows that are not means: one per variant x replication x group.
    int run_rows() const { return runs_; }

private:
    std::size_t index(const std::string& column) const {
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == column) return i;
        FAIL("summary.csv has no column " << column);
        return 0;
    }

    std::vector<std::string> header_;
    std::map<std::string, std::vector<std::string>> means_;
    int runs_ = 0;
};

}  // namespace ratesim::testing
