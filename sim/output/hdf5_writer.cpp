#include "output/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <stdexcept>

#include "core/time.hpp"
#include "output/temp_file.hpp"
#include "version.hpp"

namespace harmsim {

namespace {

// An HDF5 identifier closed by the matching function when it goes out of scope.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t), const char* what) : id_(id), close_(close) {
    if (id < 0) throw std::runtime_error(std::string("HDF5: cannot ") + what);
  }
  ~Id() { close_(id_); }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t status, const char* what) {
  if (status < 0) throw std::runtime_error(std::string("HDF5: cannot ") + what);
}

void string_attribute(hid_t object, const char* name, const std::string& value) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, value.empty() ? 1 : value.size()), "size string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Id attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute");
  check(H5Awrite(attr, type, value.empty() ? "" : value.c_str()), "write attribute");
}

void number_attribute(hid_t object, const char* name, double value) {
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Id attr(H5Acreate2(object, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute");
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write attribute");
}

// A dataset of `dims` elements of `type`, chunked as `chunk` and compressed when given.
hid_t create_dataset(hid_t parent, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                     const std::vector<hsize_t>& chunk) {
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create space");
  Id props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  if (!chunk.empty()) {
    check(H5Pset_chunk(props, static_cast<int>(chunk.size()), chunk.data()), "set chunk");
    check(H5Pset_shuffle(props), "set shuffle");
    check(H5Pset_deflate(props, 4), "set deflate");
  }
  const hid_t id = H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, props, H5P_DEFAULT);
  if (id < 0) throw std::runtime_error("HDF5: cannot create dataset " + name);
  return id;
}

template <class T>
void write_vector(hid_t parent, const std::string& name, hid_t type, const std::vector<T>& values,
                  const char* scale_name = nullptr) {
  Id ds(create_dataset(parent, name, type, {values.size()}, {}), H5Dclose, "create dataset");
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write dataset");
  if (scale_name) check(H5DSset_scale(ds, scale_name), "make dimension scale");
}

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, H5T_VARIABLE), "make variable-length string");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  Id ds(create_dataset(parent, name, type, {values.size()}, {}), H5Dclose, "create dataset");
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write strings");
}

void attach(hid_t ds, hid_t scale, unsigned dim) {
  check(H5DSattach_scale(ds, scale, dim), "attach scale");
}

const char* measure_name(Measure m) {
  switch (m) {
    case Measure::flow:
      return "flow";
    case Measure::stock:
      return "stock";
    case Measure::person_time:
      return "person_time";
  }
  return "";
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void write_hdf5(const std::filesystem::path& destination, const std::vector<ArmResult>& arms,
                const FileProvenance& provenance) {
  const ArmResult& first = arms.front();
  const hsize_t S = arms.size(), R = first.series.size(), T = static_cast<hsize_t>(first.run.steps());

  TempFile temp(destination);
  {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
    Id file(H5Fcreate(temp.path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            "create the result file");
    string_attribute(file, "harmsim_version", kVersion);
    string_attribute(file, "git_commit", kGitCommit);
    string_attribute(file, "created_utc", utc_now());
    string_attribute(file, "command_line", provenance.command_line);
    number_attribute(file, "start_year", first.run.start_year);
    number_attribute(file, "burn_in_years", first.run.burn_in_years);
    number_attribute(file, "steps_per_year", kStepsPerYear);

    // Axes: time (years since time 0 at the end of each step), replicate, scenario.
    std::vector<double> time(T);
    for (hsize_t k = 0; k < T; ++k) time[k] = static_cast<double>(k + 1) / kStepsPerYear;
    write_vector(file, "time", H5T_NATIVE_DOUBLE, time, "time");
    std::vector<std::int64_t> replicate(R), index(S);
    for (hsize_t r = 0; r < R; ++r) replicate[r] = static_cast<std::int64_t>(r);
    for (hsize_t s = 0; s < S; ++s) index[s] = static_cast<std::int64_t>(s);
    write_vector(file, "replicate", H5T_NATIVE_INT64, replicate, "replicate");
    {
      Id ds(H5Dopen2(file, "replicate", H5P_DEFAULT), H5Dclose, "open replicate");
      number_attribute(ds, "seed", static_cast<double>(first.run.seed));
      string_attribute(ds, "description", "Replicate r draws its random numbers from the key (seed, r).");
    }
    Id scenario(H5Gcreate2(file, "scenario", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create group");
    std::vector<std::string> names, inis;
    for (const auto& a : arms) {
      names.push_back(a.name);
      inis.push_back(a.ini);
    }
    write_strings(scenario, "name", names);
    write_strings(scenario, "ini", inis);
    write_vector(scenario, "index", H5T_NATIVE_INT64, index, "scenario");

    Id time_scale(H5Dopen2(file, "time", H5P_DEFAULT), H5Dclose, "open time");
    Id replicate_scale(H5Dopen2(file, "replicate", H5P_DEFAULT), H5Dclose, "open replicate");
    Id scenario_scale(H5Dopen2(scenario, "index", H5P_DEFAULT), H5Dclose, "open scenario index");

    Id outcomes(H5Gcreate2(file, "outcomes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create group");
    Id totals(H5Gcreate2(file, "totals", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create group");
    const auto describe = [](hid_t ds, const std::string& units, const std::string& description, const char* measure) {
      string_attribute(ds, "units", units);
      string_attribute(ds, "description", description);
      string_attribute(ds, "measure", measure);
    };

    // A whole-run table [S, R] of doubles, one value per arm and replicate; returns the
    // open dataset for further attributes.
    const auto write_totals = [&](const std::string& name, const auto& value, const std::string& units,
                                  const std::string& description, const char* measure) {
      auto ds =
          std::make_unique<Id>(create_dataset(totals, name, H5T_NATIVE_DOUBLE, {S, R}, {}), H5Dclose, "create total");
      describe(*ds, units, description, measure);
      std::vector<double> values;
      for (const auto& a : arms)
        for (std::size_t r = 0; r < R; ++r) values.push_back(value(a, r));
      check(H5Dwrite(*ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write total");
      attach(*ds, scenario_scale, 0);
      attach(*ds, replicate_scale, 1);
      return ds;
    };

    for (std::size_t o = 0; o < first.outcomes.size(); ++o) {
      const OutcomeSpec& spec = first.outcomes[o];
      const bool person_time = spec.measure == Measure::person_time;
      const hid_t type = person_time ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
      Id ds(create_dataset(outcomes, spec.name, type, {S, R, T}, {1, 1, std::max<hsize_t>(T, 1)}), H5Dclose,
            "create outcome");
      describe(ds, spec.units, spec.description, measure_name(spec.measure));
      // Counts as recorded; person-time from person-weeks to person-years.
      std::vector<std::int64_t> counts;
      for (const auto& a : arms)
        for (const auto& rep : a.series) counts.insert(counts.end(), rep[o].begin(), rep[o].end());
      std::vector<double> years;
      if (person_time)
        for (auto v : counts) years.push_back(static_cast<double>(v) / kStepsPerYear);
      check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     person_time ? static_cast<const void*>(years.data()) : counts.data()),
            "write outcome");
      attach(ds, scenario_scale, 0);
      attach(ds, replicate_scale, 1);
      attach(ds, time_scale, 2);
      write_totals(
          spec.name, [o](const ArmResult& a, std::size_t r) { return a.total(r, o); }, spec.units, spec.description,
          measure_name(spec.measure));
    }
    for (std::size_t k = 0; k < first.rates.size(); ++k) {
      const RateSpec& rate = first.rates[k];
      const auto ds = write_totals(
          rate.name, [k](const ArmResult& a, std::size_t r) { return a.rate(r, k); }, "per 100 person-years",
          rate.description, "rate");
      string_attribute(*ds, "numerator", rate.numerator);
      string_attribute(*ds, "denominator", rate.denominator);
    }
  }
  temp.commit();
}

}  // namespace harmsim
