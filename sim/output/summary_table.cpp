#include "output/summary_table.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "output/statistics.hpp"

namespace harmsim {

namespace {

struct Row {
  std::string name;
  std::string units;
  std::vector<double> per_replicate;
};

// The rows shown: headline outcomes, then rates per 100 person-years.
std::vector<Row> rows(const ArmResult& arm) {
  std::vector<Row> out;
  const auto replicates = arm.replicates();
  for (std::size_t o = 0; o < arm.outcomes.size(); ++o) {
    if (!arm.outcomes[o].headline) continue;
    Row row{arm.outcomes[o].name, arm.outcomes[o].units, {}};
    for (std::size_t r = 0; r < replicates; ++r) row.per_replicate.push_back(arm.total(r, o));
    out.push_back(std::move(row));
  }
  for (std::size_t k = 0; k < arm.rates.size(); ++k) {
    Row row{arm.rates[k].name, "per 100 person-years", {}};
    for (std::size_t r = 0; r < replicates; ++r) row.per_replicate.push_back(arm.rate(r, k));
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<double> difference(const std::vector<double>& base, const std::vector<double>& arm) {
  std::vector<double> d(base.size());
  for (std::size_t r = 0; r < base.size(); ++r) d[r] = base[r] - arm[r];
  return d;
}

std::string number(double v) {
  if (std::isnan(v)) return "\u2013";
  char buf[32];
  const double a = std::abs(v);
  std::snprintf(buf, sizeof buf, a >= 1000 ? "%.0f" : a >= 10 ? "%.1f" : "%.3g", v);
  return buf;
}

std::string interval(double lo, double hi) {
  if (std::isnan(lo)) return "\u2013";
  std::string out = "[";
  out.append(number(lo)).append(", ").append(number(hi)).append("]");
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  // Width in characters, counting a UTF-8 multi-byte sequence once.
  std::size_t shown = 0;
  for (unsigned char c : s) shown += (c & 0xC0) != 0x80;
  return s + std::string(width > shown ? width - shown : 1, ' ');
}

void header(std::ostream& out, const ArmResult& arm) {
  out << arm.name << ": " << arm.replicates() << " replicate" << (arm.replicates() == 1 ? "" : "s") << ", "
      << number(arm.run.years) << " years from " << number(arm.run.start_year) << " (after "
      << number(arm.run.burn_in_years) << " years of burn-in), seed " << arm.run.seed << "\n";
}

}  // namespace

void print_summary(std::ostream& out, const std::vector<ArmResult>& arms) {
  const auto base = rows(arms.front());
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto mine = rows(arms[i]);
    out << "\n";
    header(out, arms[i]);
    const std::size_t averted_width = arms.front().name.size() + 13;
    std::string line = pad("outcome", 40) + pad("mean", 11) + pad("95% CI", 22) + "2.5-97.5% range";
    if (i > 0) line = pad(line, 95) + pad("averted vs " + arms.front().name, averted_width) + "paired 95% CI";
    out << line << "\n";
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const Summary s = summarise(mine[k].per_replicate);
      line = pad(mine[k].name, 40) + pad(number(s.mean), 11) + pad(interval(s.ci_low, s.ci_high), 22) +
             interval(s.range_low, s.range_high);
      if (i > 0) {
        const Summary d = summarise(difference(base[k].per_replicate, mine[k].per_replicate));
        line = pad(line, 95) + pad(number(d.mean), averted_width) + interval(d.ci_low, d.ci_high);
      }
      out << line << "\n";
    }
  }
  out << "\nFlows are totals over the reported years, stocks are end-of-run values, rates are per 100\n"
         "person-years over the run. Intervals reflect stochastic variation between replicates only, not\n"
         "uncertainty in the parameters (sweeps address that).";
  if (arms.size() > 1) out << " Arms share random numbers, so differences are paired.";
  out << "\n";
}

std::string summary_csv(const std::vector<ArmResult>& arms) {
  std::ostringstream out;
  out.precision(10);
  out << "arm,outcome,units,mean,ci_low,ci_high,range_low,range_high,averted_mean,averted_ci_low,averted_ci_high\n";
  const auto base = rows(arms.front());
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto mine = rows(arms[i]);
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const Summary s = summarise(mine[k].per_replicate);
      std::string name = arms[i].name;
      for (char& c : name)
        if (c == '"') c = '\'';
      out << '"' << name << "\"," << mine[k].name << ",\"" << mine[k].units << "\"," << s.mean << ',' << s.ci_low << ','
          << s.ci_high << ',' << s.range_low << ',' << s.range_high;
      if (i > 0) {
        const Summary d = summarise(difference(base[k].per_replicate, mine[k].per_replicate));
        out << ',' << d.mean << ',' << d.ci_low << ',' << d.ci_high;
      } else {
        out << ",,,";
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace harmsim
