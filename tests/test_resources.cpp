// What the operating system says about memory and disk, read from files laid out as
// the kernel lays them out.
#include <catch2/catch.hpp>

#include "os/resources.hpp"
#include "support.hpp"

using namespace harmsim;
using harmsim::test::TempDir;

namespace {
// One cgroup's limit and usage, as files of `limit_file` and `usage_file` in `cgroup`.
void set_cgroup(const TempDir& dir, const std::string& cgroup, const std::string& limit_file, const std::string& limit,
                const std::string& usage_file, const std::string& usage) {
  std::filesystem::create_directories(dir.path() / cgroup);
  dir.write(cgroup + "/" + limit_file, limit + "\n");
  dir.write(cgroup + "/" + usage_file, usage + "\n");
}
}  // namespace

TEST_CASE("cgroup v2: the headroom is the limit less the working set, the tightest of every level") {
  TempDir dir;
  const auto membership = dir.write("cgroup", "0::/user.slice/app\n");
  const auto v2 = [&](const std::string& cgroup, const std::string& max, const std::string& current) {
    set_cgroup(dir, "fs/" + cgroup, "memory.max", max, "memory.current", current);
  };
  v2("user.slice/app", "1000000", "600000");
  dir.write("fs/cgroup.controllers", "cpu memory\n");  // marks the unified (v2) hierarchy
  dir.write("fs/user.slice/app/memory.stat", "anon 400000\nfile 200000\ninactive_file 100000\n");
  // Working set 600000 - 100000 (reclaimable cache) under a limit of 1000000.
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 500000u);
  v2("user.slice/app", "max", "600000");
  CHECK_FALSE(os::cgroup_headroom(membership, dir.path() / "fs"));
  // A parent slice's limit binds its children.
  v2("user.slice", "900000", "800000");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 100000u);
  v2("user.slice/app", "650000", "600000");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 100000u);
  v2("user.slice/app", "550000", "600000");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 50000u);
}

TEST_CASE("cgroup v1: the memory controller's limit, found under its path or at a container's root") {
  TempDir dir;
  const auto membership = dir.write("cgroup", "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n");
  const auto v1 = [&](const std::string& cgroup, const std::string& limit, const std::string& usage) {
    set_cgroup(dir, "fs/memory/" + cgroup, "memory.limit_in_bytes", limit, "memory.usage_in_bytes", usage);
  };
  const std::string none = "9223372036854771712";  // what v1 reports when no limit is set
  // Inside a container the hierarchy is mounted at the cgroup's own root.
  v1("", "2000000", "1500000");
  dir.write("fs/memory/memory.stat", "cache 700000\ntotal_inactive_file 500000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 1000000u);
  // On the host, under the cgroup's path; the root's limit still counts.
  v1("docker/abc", none, "300000");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 1000000u);
  v1("docker/abc", "200000", "300000");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 0u);  // over its limit: no room
  v1("", none, "1500000");
  v1("docker/abc", none, "300000");
  CHECK_FALSE(os::cgroup_headroom(membership, dir.path() / "fs"));
}

TEST_CASE("free disk space is found for a path that does not exist yet, from its nearest folder") {
  TempDir dir;
  const auto free = os::disk_free(dir.path() / "results/not/yet/x.h5");
  REQUIRE(free);
  CHECK(*free == os::disk_free(dir.path()));
}

TEST_CASE("sizes read as people say them") {
  CHECK(os::bytes_text(999) == "999 bytes");
  CHECK(os::bytes_text(642000) == "642 kB");
  CHECK(os::bytes_text(1200000000) == "1.2 GB");
  CHECK(os::bytes_text(85000000) == "85 MB");
}
