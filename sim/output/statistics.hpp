// Summaries over replicates: the mean with its 95% t-interval (stochastic variation of
// the mean) and the 2.5-97.5% range of single replicates.
#pragma once

#include <vector>

namespace harmsim {

struct Summary {
  double mean = 0;
  double ci_low = 0, ci_high = 0;        // 95% t-interval of the mean; NaN with one replicate
  double range_low = 0, range_high = 0;  // 2.5% and 97.5% quantiles across replicates
};

Summary summarise(const std::vector<double>& values);

// The q-quantile of Student's t with `df` degrees of freedom.
double student_t_quantile(double q, int df);

// Quantile of the sample by linear interpolation between order statistics (type 7).
double sample_quantile(std::vector<double> values, double q);

}  // namespace harmsim
