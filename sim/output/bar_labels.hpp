#pragma once
// How the attempts chart labels its bars and scales its axis: the names
// under the bars are laid out so that no two overlap, and the axis is
// logarithmic when the bars span more than 100x.
#include <cstddef>
#include <vector>

namespace ratesim::output {

struct BarLabelLayout {
    int angle = 0;      // degrees: 0 (level), 35 or 90
    int font_pt = 14;   // the labels' font size
    int bottom_margin;  // gnuplot `set bmargin`, in character heights
};

// For `bars` labels of at most `longest` characters under a plot
// `width_px` wide. Level when the names fit side by side (a character is
// about 0.6 of the font size wide); slanted at 35 degrees, then upright, when
// the space between neighbours (perpendicular to the text) still holds a
// line of text; else upright with a font small enough that it does.
BarLabelLayout bar_label_layout(std::size_t bars, std::size_t longest, double width_px);

// The perpendicular gap between neighbouring labels of a layout, over the
// height a line of its text needs (1.25 times the font): at least 1 means
// no two overlap. For level labels, the gap along the axis over the widest name.
double bar_label_clearance(const BarLabelLayout& layout, std::size_t bars, std::size_t longest,
                           double width_px);

// Whether bars of these heights need a log scale: the tallest over the
// shortest positive one is more than 100.
bool needs_log_scale(const std::vector<double>& heights);

}  // namespace ratesim::output
