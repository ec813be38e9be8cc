#include "sim/output/bar_labels.hpp"

#include <algorithm>
#include <cmath>

namespace ratesim::output {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kCharWidth = 0.6;   // of the font size, for a sans-serif name
constexpr double kLineHeight = 1.25; // of the font size
constexpr double kPxPerPt = 1.0;     // the SVG terminal draws a point as a pixel

}  // namespace

double bar_label_clearance(const BarLabelLayout& layout, std::size_t bars, std::size_t longest,
                           double width_px) {
    if (bars == 0) return INFINITY;
    const double spacing = width_px / static_cast<double>(bars);
    const double font = layout.font_pt * kPxPerPt;
    if (layout.angle == 0) return spacing / std::max(1.0, static_cast<double>(longest) * kCharWidth * font);
    return spacing * std::sin(layout.angle * kPi / 180) / (kLineHeight * font);
}

BarLabelLayout bar_label_layout(std::size_t bars, std::size_t longest, double width_px) {
    BarLabelLayout layout;
    auto margin = [&](const BarLabelLayout& l) {
        const double along = static_cast<double>(longest) * kCharWidth * l.font_pt / 14.0;
        return static_cast<int>(std::ceil(along * std::sin(l.angle * kPi / 180))) + 3;
    };
    for (const int angle : {0, 35, 90}) {
        layout = {angle, 14, 0};
        // Level names are spaced by their own width; a little room to spare.
        if (bar_label_clearance(layout, bars, longest, width_px) >= (angle == 0 ? 1.1 : 1.0)) {
            layout.bottom_margin = angle == 0 ? 4 : margin(layout);
            return layout;
        }
    }
    // Upright and still crowded: a smaller font, down to what fits.
    const double spacing = width_px / static_cast<double>(std::max<std::size_t>(bars, 1));
    layout.font_pt = std::max(1, static_cast<int>(std::floor(spacing / (kLineHeight * kPxPerPt))));
    layout.bottom_margin = margin(layout);
    return layout;
}

bool needs_log_scale(const std::vector<double>& heights) {
    double lowest = INFINITY, highest = 0;
    for (const double h : heights)
        if (std::isfinite(h) && h > 0) lowest = std::min(lowest, h), highest = std::max(highest, h);
    return highest > 0 && highest / lowest > 100;
}

}  // namespace ratesim::output
