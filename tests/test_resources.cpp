// What the operating system says about memory and disk, read from files laid out as
// the kernel lays them out.
#include <catch2/catch.hpp>

#include "os/resources.hpp"
#include "support.hpp"

using namespace harmsim;
using harmsim::test::TempDir;

TEST_CASE("cgroup v2: the headroom is the limit less the working set, the tightest of every level") {
  TempDir dir;
  const auto membership = dir.write("cgroup", "0::/user.slice/app\n");
  std::filesystem::create_directories(dir.path() / "fs/user.slice/app");
  dir.write("fs/cgroup.controllers", "cpu memory\n");
  dir.write("fs/user.slice/app/memory.max", "1000000\n");
  dir.write("fs/user.slice/app/memory.current", "600000\n");
  dir.write("fs/user.slice/app/memory.stat", "anon 400000\nfile 200000\ninactive_file 100000\n");
  // Working set 600000 - 100000 (reclaimable cache) under a limit of 1000000.
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 500000u);
  dir.write("fs/user.slice/app/memory.max", "max\n");
  CHECK_FALSE(os::cgroup_headroom(membership, dir.path() / "fs"));
  // A parent slice's limit binds its children.
  dir.write("fs/user.slice/memory.max", "900000\n");
  dir.write("fs/user.slice/memory.current", "800000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 100000u);
  dir.write("fs/user.slice/app/memory.max", "650000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 100000u);
  dir.write("fs/user.slice/app/memory.max", "550000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 50000u);
}

TEST_CASE("cgroup v1: the memory controller's limit, found under its path or at a container's root") {
  TempDir dir;
  const auto membership = dir.write("cgroup", "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n");
  std::filesystem::create_directories(dir.path() / "fs/memory");
  // Inside a container the hierarchy is mounted at the cgroup's own root.
  dir.write("fs/memory/memory.limit_in_bytes", "2000000\n");
  dir.write("fs/memory/memory.usage_in_bytes", "1500000\n");
  dir.write("fs/memory/memory.stat", "cache 700000\ntotal_inactive_file 500000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 1000000u);
  // On the host, under the cgroup's path; the root's limit still counts.
  std::filesystem::create_directories(dir.path() / "fs/memory/docker/abc");
  dir.write("fs/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n");  // none set here
  dir.write("fs/memory/docker/abc/memory.usage_in_bytes", "300000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 1000000u);
  dir.write("fs/memory/docker/abc/memory.limit_in_bytes", "200000\n");
  CHECK(os::cgroup_headroom(membership, dir.path() / "fs") == 0u);  // over its limit: no room
  dir.write("fs/memory/memory.limit_in_bytes", "9223372036854771712\n");
  dir.write("fs/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n");
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
