#include "params/schedule.hpp"

#include <cmath>
#include <stdexcept>

#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

Schedule::Schedule(std::vector<Point> points) : points_(std::move(points)) {
  if (points_.empty()) throw std::invalid_argument("a schedule needs at least one value");
  for (std::size_t i = 1; i < points_.size(); ++i)
    if (points_[i].week < points_[i - 1].week) throw std::invalid_argument("schedule times must not decrease");
  // One point holds at all times, whenever it is written ("0.85 @ 2y" is 0.85 always),
  // so it is the constant it reads back as.
  if (points_.size() == 1) points_.front().week = 0;
}

namespace {
constexpr double kMaxYears = 1000;  // schedule times lie within this many years of time 0

Schedule::Point parse_point(std::string_view item) {
  const auto at = item.find('@');
  if (at == std::string_view::npos)
    throw std::invalid_argument("'" + text::excerpt(text::trim(item)) +
                                "' needs a time, as in '0.6 @ 3y' (y = years, w = weeks)");
  const auto value = text::parse_number(item.substr(0, at));
  if (!value) throw std::invalid_argument("'" + text::excerpt(text::trim(item.substr(0, at))) + "' is not a number");
  std::string_view when = text::trim(item.substr(at + 1));
  double per_unit = 0;
  if (!when.empty() && when.back() == 'y') per_unit = kStepsPerYear;
  if (!when.empty() && when.back() == 'w') per_unit = 1;
  if (per_unit == 0)
    throw std::invalid_argument("time '" + text::excerpt(when) + "' must end in y (years) or w (weeks)");
  const auto t = text::parse_number(when.substr(0, when.size() - 1));
  if (!t) throw std::invalid_argument("time '" + text::excerpt(when) + "' is not a number of years or weeks");
  if (std::abs(*t * per_unit) > kMaxYears * kStepsPerYear)
    throw std::invalid_argument("time '" + text::excerpt(when) + "' lies beyond " + std::to_string(int(kMaxYears)) +
                                " years from time 0");
  return {*t * per_unit, *value};
}
}  // namespace

Schedule Schedule::parse(std::string_view text) {
  if (text.find('@') == std::string_view::npos) {
    const auto v = text::parse_number(text);
    if (!v) throw std::invalid_argument("'" + text::excerpt(text::trim(text)) + "' is not a number");
    return Schedule(*v);
  }
  std::vector<Point> points;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    points.push_back(parse_point(text.substr(start, end - start)));
    start = end + 1;
  }
  return Schedule(std::move(points));
}

double Schedule::at(double week) const {
  if (week < points_.front().week) return points_.front().value;
  // The last point at or before `week`; with two points at one time the later wins.
  std::size_t i = 0;
  while (i + 1 < points_.size() && points_[i + 1].week <= week) ++i;
  if (i + 1 == points_.size()) return points_[i].value;
  const Point& a = points_[i];
  const Point& b = points_[i + 1];
  return a.value + (b.value - a.value) * (week - a.week) / (b.week - a.week);
}

std::string Schedule::to_text() const {
  if (is_constant()) return text::format_exact(points_.front().value);
  std::string out;
  for (const auto& p : points_) {
    if (!out.empty()) out += ", ";
    out += text::format_exact(p.value) + " @ " + text::format_exact(p.week) + "w";
  }
  return out;
}

}  // namespace harmsim
