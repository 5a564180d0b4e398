// A value that may change over the run: "0.1 @ 0y, 0.6 @ 3y".
//
// Times are years (y) or weeks (w) from the start of the reported run (time 0; the
// burn-in lies at negative times). Between points the value is interpolated linearly
// as written, whether a probability or a rate; before the first point the first value
// holds, after the last the last. Two points at the same time make a step change.
// A plain number is a schedule with one point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace harmsim {

class Schedule {
 public:
  struct Point {
    double week;
    double value;
    bool operator==(const Point&) const = default;
  };

  Schedule() = default;
  explicit Schedule(double constant) : points_{{0.0, constant}} {}
  explicit Schedule(std::vector<Point> points);

  // Throws std::invalid_argument with a short reason on malformed text.
  static Schedule parse(std::string_view text);

  // The value in force at `week` (weeks since time 0, may be negative).
  double at(double week) const;

  bool is_constant() const { return points_.size() == 1; }
  const std::vector<Point>& points() const { return points_; }

  // Text that parses back to exactly this schedule.
  std::string to_text() const;

  bool operator==(const Schedule&) const = default;

 private:
  std::vector<Point> points_;
};

}  // namespace harmsim
