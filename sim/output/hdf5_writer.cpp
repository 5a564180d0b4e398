#include "output/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "units/time.hpp"
#include "version.hpp"

namespace harmsim {

namespace {

// HDF5 prints nothing (failures become OutputError) and does not close files from an
// exit handler: after a failed write HDF5 cannot close the file cleanly, and its exit
// handler would then crash the process. Takes effect before HDF5's first use.
void configure_hdf5() {
  static const bool configured = [] {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)configured;
}

// The system error behind a failed HDF5 call, or 0: the file driver's message reads
// "... errno = 28, error message = 'No space left on device' ...".
extern "C" herr_t find_errno(unsigned, const H5E_error2_t* e, void* found) {
  const char* at = e->desc ? std::strstr(e->desc, "errno = ") : nullptr;
  if (at && std::atoi(at + 8) > 0) *static_cast<int*>(found) = std::atoi(at + 8);
  return 0;
}

// An HDF5 identifier, closed when it goes out of scope (errors ignored: that is the
// abandon path) or by close(), whose result is checked: closing can write, and fail.
class Id {
 public:
  Id() = default;
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Id(Id&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Id& operator=(Id&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  ~Id() { close(); }
  herr_t close() {
    const herr_t status = id_ >= 0 ? close_(id_) : 0;
    id_ = -1;
    return status;
  }
  operator hid_t() const { return id_; }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

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

std::uint64_t expected_file_bytes(const std::vector<ArmResult>& arms) {
  // Measured on the bundled scenarios: about 170 kB of layout, attributes and totals,
  // and 1.0-1.5 bytes per series value after shuffle and deflate (8 raw); 2 is taken
  // to be safe, and each arm's scenario text is stored once.
  constexpr std::uint64_t kLayout = 200000, kBytesPerValue = 2;
  std::uint64_t bytes = kLayout;
  for (const auto& a : arms)
    bytes += a.ini.size() + kBytesPerValue * a.outcomes.size() * static_cast<std::uint64_t>(a.run.replicates) *
                                static_cast<std::uint64_t>(a.run.steps());
  return bytes;
}

// The open file and the objects written to during the run. Members close in reverse
// order of declaration, so the file closes last.
struct Hdf5Writer::Open {
  explicit Open(AtomicFile& f) : file(f) {}
  // Unless finished, the file is abandoned after a failure (or an exception elsewhere,
  // even during construction). Its disk space is freed first, so that on a full disk
  // HDF5 can then release its objects (writing a little metadata) without failing
  // again; the temporary file itself goes with its AtomicFile.
  ~Open() {
    if (!finished) file.discard();
  }

  AtomicFile& file;
  bool finished = false;
  hsize_t S = 0, R = 0, T = 0;
  Id h5, outcomes, totals;
  // The labels of the axes, held in each data group itself (see labels()).
  struct Scales {
    Id scenario, replicate, time;
  } outcome_scales, total_scales;
  std::vector<Id> series;  // one [S, R, T] dataset per outcome
  std::vector<OutcomeSpec> specs;

  OutputError failure(const char* what) const {
    int error = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, find_errno, &error);
    H5Eclear2(H5E_DEFAULT);
    return error ? file.failure(error) : OutputError(std::string("HDF5 could not ") + what + " in " + file.shown());
  }
  void check(herr_t status, const char* what) const {
    if (status < 0) throw failure(what);
  }
  Id make(hid_t id, herr_t (*close)(hid_t), const char* what) const {
    if (id < 0) throw failure(what);
    return Id(id, close);
  }
  void close(Id& id, const char* what) const { check(id.close(), what); }

  void string_attribute(hid_t object, const char* name, const std::string& value) const {
    Id type = make(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
    check(H5Tset_size(type, value.empty() ? 1 : value.size()), "size a string type");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
    Id space = make(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
    Id attr = make(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create an attribute");
    check(H5Awrite(attr, type, value.empty() ? "" : value.c_str()), "write an attribute");
    close(attr, "close an attribute");
  }

  void number_attribute(hid_t object, const char* name, double value) const {
    Id space = make(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
    Id attr = make(H5Acreate2(object, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   "create an attribute");
    check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write an attribute");
    close(attr, "close an attribute");
  }

  // A dataset of `dims` elements of `type`; with `chunk`, chunked and compressed, and
  // written straight through (no chunk cache: each chunk is written once, whole).
  Id dataset(hid_t parent, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
             const std::vector<hsize_t>& chunk = {}) const {
    Id space = make(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create a space");
    Id create = make(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    Id access = make(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "create dataset properties");
    if (!chunk.empty()) {
      check(H5Pset_chunk(create, static_cast<int>(chunk.size()), chunk.data()), "set a chunk size");
      check(H5Pset_shuffle(create), "set the shuffle filter");
      check(H5Pset_deflate(create, 4), "set compression");
      check(H5Pset_chunk_cache(access, 0, 0, 1.0), "set the chunk cache");
    }
    return make(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, create, access), H5Dclose,
                "create a dataset");
  }

  template <class T>
  void vector(hid_t parent, const std::string& name, hid_t type, const std::vector<T>& values,
              const char* scale_name) const {
    Id ds = dataset(parent, name, type, {values.size()});
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write a dataset");
    check(H5DSset_scale(ds, scale_name), "make a dimension scale");
    close(ds, "close a dataset");
  }

  Id open_dataset(hid_t parent, const char* name) const {
    return make(H5Dopen2(parent, name, H5P_DEFAULT), H5Dclose, "open a dataset");
  }

  // The axes' labels in `group` as its own dimension scales: arm names, replicate
  // indices and (with `time`) years since time 0. netCDF readers (xarray through
  // h5netcdf) find a dimension's coordinate only in the variable's own group, so each
  // data group holds its own copies; `run_settings` adds the seed to the replicate axis.
  Scales labels(hid_t group, const std::vector<std::string>& names, const RunSettings& run, bool time) const {
    Scales out;
    strings(group, "scenario", names);
    out.scenario = open_dataset(group, "scenario");
    check(H5DSset_scale(out.scenario, "scenario"), "make a dimension scale");
    std::vector<std::int64_t> replicate(R);
    for (hsize_t r = 0; r < R; ++r) replicate[r] = static_cast<std::int64_t>(r);
    vector(group, "replicate", H5T_NATIVE_INT64, replicate, "replicate");
    out.replicate = open_dataset(group, "replicate");
    number_attribute(out.replicate, "seed", static_cast<double>(run.seed));
    string_attribute(out.replicate, "description", "Replicate r draws its random numbers from the key (seed, r).");
    if (time) {
      std::vector<double> years(T);
      for (hsize_t k = 0; k < T; ++k) years[k] = static_cast<double>(k + 1) / kStepsPerYear;
      vector(group, "time", H5T_NATIVE_DOUBLE, years, "time");
      out.time = open_dataset(group, "time");
      // "years", not "years since ...": CF readers would decode the latter as dates.
      string_attribute(out.time, "units", "years");
      string_attribute(out.time, "description", "Years from time 0 to the end of each weekly step.");
    }
    return out;
  }

  void strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) const {
    Id type = make(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
    check(H5Tset_size(type, H5T_VARIABLE), "make a variable-length string");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    Id ds = dataset(parent, name, type, {values.size()});
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write strings");
    close(ds, "close a dataset");
  }

  void describe(hid_t ds, const std::string& units, const std::string& description, const char* measure) const {
    string_attribute(ds, "units", units);
    string_attribute(ds, "description", description);
    string_attribute(ds, "measure", measure);
  }

  void attach(hid_t ds, std::initializer_list<hid_t> scales) const {
    unsigned dim = 0;
    for (hid_t scale : scales) check(H5DSattach_scale(ds, scale, dim++), "attach a dimension scale");
  }

  // A whole-run table [S, R] of doubles, value(arm, replicate); returns it open for
  // further attributes.
  template <class Value>
  Id total(const std::string& name, const std::vector<ArmResult>& arms, Value&& value, const std::string& units,
           const std::string& description, const char* measure) const {
    Id ds = dataset(totals, name, H5T_NATIVE_DOUBLE, {S, R});
    describe(ds, units, description, measure);
    std::vector<double> values;
    for (const auto& a : arms)
      for (std::size_t r = 0; r < R; ++r) values.push_back(value(a, r));
    check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write a total");
    attach(ds, {total_scales.scenario, total_scales.replicate});
    return ds;
  }
};

Hdf5Writer::Hdf5Writer(AtomicFile& file, const std::vector<ArmResult>& arms, const FileProvenance& provenance)
    : open_(std::make_unique<Open>(file)) {
  configure_hdf5();
  Open& o = *open_;
  const ArmResult& first = arms.front();
  o.S = arms.size();
  o.R = static_cast<hsize_t>(first.run.replicates);
  o.T = static_cast<hsize_t>(first.run.steps());
  o.specs = first.outcomes;
  // Each data group holds the axis labels under these names beside the outcomes.
  for (const char* label : {"scenario", "replicate", "time"}) {
    const auto named = [&](const std::string& name) { return name == label; };
    for (const auto& spec : o.specs)
      if (named(spec.name)) throw std::logic_error(std::string("an outcome may not be named ") + label);
    for (const auto& rate : first.rates)
      if (named(rate.name)) throw std::logic_error(std::string("a rate may not be named ") + label);
  }
  // The temporary file is private and AtomicFile holds it locked, so HDF5's own file
  // locking is off (it would also fail on filesystems without flock, such as some NFS).
  Id access = o.make(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file properties");
  o.check(H5Pset_file_locking(access, false, true), "turn file locking off");
  o.h5 = o.make(H5Fcreate(file.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access), H5Fclose, "create the file");
  o.string_attribute(o.h5, "harmsim_version", kVersion);
  o.string_attribute(o.h5, "git_commit", kGitCommit);
  o.string_attribute(o.h5, "created_utc", utc_now());
  o.string_attribute(o.h5, "command_line", provenance.command_line);
  o.number_attribute(o.h5, "start_year", first.run.start_year);
  o.number_attribute(o.h5, "burn_in_years", first.run.burn_in_years);
  o.number_attribute(o.h5, "steps_per_year", kStepsPerYear);

  o.number_attribute(o.h5, "format_version", kFormatVersion);

  // Axes at the root, as the first layout had them (time, replicate, scenario/index),
  // for readers that look there; the data groups attach their own copies.
  std::vector<double> time(o.T);
  for (hsize_t k = 0; k < o.T; ++k) time[k] = static_cast<double>(k + 1) / kStepsPerYear;
  o.vector(o.h5, "time", H5T_NATIVE_DOUBLE, time, "time");
  std::vector<std::int64_t> replicate(o.R), index(o.S);
  for (hsize_t r = 0; r < o.R; ++r) replicate[r] = static_cast<std::int64_t>(r);
  for (hsize_t s = 0; s < o.S; ++s) index[s] = static_cast<std::int64_t>(s);
  o.vector(o.h5, "replicate", H5T_NATIVE_INT64, replicate, "replicate");
  Id root_replicate = o.open_dataset(o.h5, "replicate");
  o.number_attribute(root_replicate, "seed", static_cast<double>(first.run.seed));
  o.close(root_replicate, "close a dataset");

  Id scenario = o.make(H5Gcreate2(o.h5, "scenario", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create a group");
  std::vector<std::string> names, inis;
  for (const auto& a : arms) {
    names.push_back(a.name);
    inis.push_back(a.ini);
  }
  o.strings(scenario, "name", names);
  o.strings(scenario, "ini", inis);
  o.vector(scenario, "index", H5T_NATIVE_INT64, index, "scenario");
  o.close(scenario, "close a group");

  o.outcomes = o.make(H5Gcreate2(o.h5, "outcomes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create a group");
  o.totals = o.make(H5Gcreate2(o.h5, "totals", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create a group");
  o.outcome_scales = o.labels(o.outcomes, names, first.run, true);
  o.total_scales = o.labels(o.totals, names, first.run, false);
  for (const OutcomeSpec& spec : o.specs) {
    const hid_t type = spec.measure == Measure::person_time ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    Id ds = o.dataset(o.outcomes, spec.name, type, {o.S, o.R, o.T}, {1, 1, o.T});
    o.describe(ds, spec.units, spec.description, measure_name(spec.measure));
    o.attach(ds, {o.outcome_scales.scenario, o.outcome_scales.replicate, o.outcome_scales.time});
    o.series.push_back(std::move(ds));
  }
}

Hdf5Writer::~Hdf5Writer() = default;

void Hdf5Writer::write_replicate(std::size_t arm, std::size_t replicate, const Outcomes& outcomes) {
  const Open& o = *open_;
  const hsize_t start[3] = {arm, replicate, 0}, count[3] = {1, 1, o.T};
  Id memory = o.make(H5Screate_simple(1, &o.T, nullptr), H5Sclose, "create a space");
  std::vector<double> years(o.T);
  for (std::size_t k = 0; k < o.specs.size(); ++k) {
    const std::vector<std::int64_t>& values = outcomes.series(k);
    if (values.size() != o.T) throw std::logic_error("replicate series of the wrong length: " + o.specs[k].name);
    Id space = o.make(H5Dget_space(o.series[k]), H5Sclose, "get a dataset's space");
    o.check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr), "select a replicate");
    // Counts as recorded; person-time from person-weeks to person-years.
    if (o.specs[k].measure == Measure::person_time) {
      for (hsize_t t = 0; t < o.T; ++t) years[t] = static_cast<double>(values[t]) / kStepsPerYear;
      o.check(H5Dwrite(o.series[k], H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, years.data()), "write a series");
    } else {
      o.check(H5Dwrite(o.series[k], H5T_NATIVE_INT64, memory, space, H5P_DEFAULT, values.data()), "write a series");
    }
  }
}

void Hdf5Writer::finish(const std::vector<ArmResult>& arms) {
  Open& o = *open_;
  for (std::size_t k = 0; k < o.specs.size(); ++k) {
    const OutcomeSpec& spec = o.specs[k];
    Id ds = o.total(
        spec.name, arms, [k](const ArmResult& a, std::size_t r) { return a.total(r, k); }, spec.units, spec.description,
        measure_name(spec.measure));
    o.close(ds, "close a dataset");
  }
  for (std::size_t k = 0; k < arms.front().rates.size(); ++k) {
    const RateSpec& rate = arms.front().rates[k];
    Id ds = o.total(
        rate.name, arms, [k](const ArmResult& a, std::size_t r) { return a.rate(r, k); }, "per 100 person-years",
        rate.description, "rate");
    o.string_attribute(ds, "numerator", rate.numerator);
    o.string_attribute(ds, "denominator", rate.denominator);
    o.close(ds, "close a dataset");
  }
  for (Id& ds : o.series) o.close(ds, "close a dataset");
  for (Open::Scales* scales : {&o.outcome_scales, &o.total_scales})
    for (Id* id : {&scales->scenario, &scales->replicate, &scales->time})
      o.close(*id, "close a dimension scale");  // the totals have no time axis: closing it does nothing
  for (Id* id : {&o.totals, &o.outcomes}) o.close(*id, "close a group");
  o.close(o.h5, "close the file");
  o.finished = true;
  open_.reset();
}

}  // namespace harmsim
