"""The result file as an analyst reads it with h5py and xarray: layout of the README
("Results (HDF5)"), dimension scales on all three axes, the xarray one-liner with named,
labelled dimensions, the summary table's numbers computed again from the file,
provenance (re-running the stored scenario text reproduces the outcomes) and
independence from the thread count.

usage: check_result_file.py HARMSIM_BINARY SCENARIO_DIR
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np
import xarray

harmsim, scenarios = sys.argv[1], Path(sys.argv[2])
small = ["--set", "population.adults=3000", "--years", "1", "--replicates", "2",
         "--set", "run.burn_in_years=0.5", "--quiet"]


def run(*args):
    subprocess.run([harmsim, *args], check=True, stdout=subprocess.DEVNULL)


LABELS = ("scenario", "replicate", "time")  # each data group's own axis labels


def outcomes(path):
    with h5py.File(path, "r") as f:
        return {name: f["outcomes"][name][()] for name in f["outcomes"] if name not in LABELS}


failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    compared = tmp / "compare.h5"
    summary = tmp / "summary.csv"
    run("compare", str(scenarios / "baseline.ini"), str(scenarios / "naloxone_expansion.ini"),
        "-o", str(compared), "--csv", str(summary), "--threads", "1", *small)
    with h5py.File(compared, "r") as f:
        for attr in ("harmsim_version", "git_commit", "created_utc", "command_line", "format_version"):
            expect(attr in f.attrs, f"root attribute {attr} missing")
        expect(f.attrs.get("format_version") == 2, "format_version 2")
        S, R, T = 2, 2, 52
        expect(f["time"].shape == (T,), "time axis")
        expect(np.allclose(f["time"][()], np.arange(1, T + 1) / 52), "time is the end of each step in years")
        expect(f["replicate"].shape == (R,), "replicate axis")
        expect(f["scenario/name"].shape == (S,) and f["scenario/ini"].shape == (S,), "scenario texts")
        expect(f["scenario/index"].shape == (S,), "scenario index")
        names = [n.decode() if isinstance(n, bytes) else n for n in f["scenario/name"][()]]
        expect(names == ["Status quo", "Naloxone distribution scaled up fivefold"], f"arm names {names}")
        required = ["overdoses_nonfatal", "overdose_deaths", "naloxone_reversals", "naloxone_kits_distributed",
                    "hiv_infections", "hcv_infections", "hiv_prevalent", "hcv_chronic", "deaths_all_cause",
                    "people_injecting", "people_using_opioids", "ssp_clients", "sharing_events",
                    "population_alive", "person_years_injecting"]
        for name in required:
            ds = f["outcomes"].get(name)
            expect(ds is not None, f"outcome {name} missing")
            if ds is None:
                continue
            expect(ds.shape == (S, R, T), f"{name} shape {ds.shape}")
            expect(ds.chunks == (1, 1, T) and ds.compression == "gzip", f"{name} chunking/compression")
            expect("units" in ds.attrs and "description" in ds.attrs, f"{name} attributes")
            scales = [[s.name for s in ds.dims[i].values()] for i in range(3)]
            expected_scales = [["/outcomes/scenario"], ["/outcomes/replicate"], ["/outcomes/time"]]
            expect(scales == expected_scales, f"{name} dimension scales {scales}")
            expect(f["totals"][name].shape == (S, R), f"total {name}")
            scales = [[s.name for s in f["totals"][name].dims[i].values()] for i in range(2)]
            expect(scales == [["/totals/scenario"], ["/totals/replicate"]], f"total {name} dimension scales {scales}")
        expect(f["outcomes/overdose_deaths"].dtype == np.int64, "counts are integers")
        expect(f["outcomes/person_years_injecting"].dtype == np.float64, "person-time in years")
        deaths = f["outcomes/overdose_deaths"][()]
        expect(np.array_equal(f["totals/overdose_deaths"][()], deaths.sum(axis=2)), "totals of flows are sums")
        alive = f["outcomes/population_alive"][()]
        expect(np.array_equal(f["totals/population_alive"][()], alive[:, :, -1]), "totals of stocks are last values")
        rate = f["totals/overdose_deaths_per_100py_injecting"][()]
        expected = 100 * f["outcomes/overdose_deaths_injecting"][()].sum(axis=2) / \
            f["outcomes/person_years_injecting"][()].sum(axis=2)
        expect(np.allclose(rate, expected), "rates are 100 x events / person-years")
        ini = f["scenario/ini"][1]
        ini = ini.decode() if isinstance(ini, bytes) else ini

        # The summary's numbers are the file's: for each row, the mean over replicates of
        # /totals, its 95% t-interval (t(0.975, 1) = 12.7062 with 2 replicates), and for
        # the second arm the paired difference from the first with its own interval.
        t = 12.706204736
        rows = list(csv.DictReader(summary.open()))
        expect(len(rows) > 20, f"summary rows {len(rows)}")
        for row in rows:
            s_index = names.index(row["arm"])
            values = f["totals"][row["outcome"]][s_index]
            half = t * values.std(ddof=1) / np.sqrt(len(values))
            for key, value in (("mean", values.mean()), ("ci_low", values.mean() - half),
                               ("ci_high", values.mean() + half)):
                expect(np.isclose(float(row[key]), value, rtol=1e-8, atol=1e-8),
                       f"summary {row['arm']} {row['outcome']} {key} {row[key]} != {value}")
            if s_index == 1:
                d = f["totals"][row["outcome"]][0] - values
                half = t * d.std(ddof=1) / np.sqrt(len(d))
                for key, value in (("averted_mean", d.mean()), ("averted_ci_low", d.mean() - half),
                                   ("averted_ci_high", d.mean() + half)):
                    expect(np.isclose(float(row[key]), value, rtol=1e-8, atol=1e-8),
                           f"summary {row['outcome']} {key} {row[key]} != {value}")

    # The README's one-liner: each data group opens in xarray with named dimensions
    # labelled by arm names, replicate indices and years, holding the h5py values.
    with h5py.File(compared, "r") as f:
        for group, dims in (("outcomes", ("scenario", "replicate", "time")), ("totals", ("scenario", "replicate"))):
            ds = xarray.open_dataset(compared, engine="h5netcdf", group=group)
            deaths = ds["overdose_deaths"]
            expect(deaths.dims == dims, f"xarray {group} dimensions {deaths.dims}")
            expect(list(ds["scenario"].values) == names, f"xarray {group} scenario labels {ds['scenario'].values}")
            expect(list(ds["replicate"].values) == list(range(R)), f"xarray {group} replicate labels")
            expect(np.array_equal(deaths.values, f[group]["overdose_deaths"][()]), f"xarray {group} values")
            if group == "outcomes":
                expect(np.allclose(ds["time"].values, np.arange(1, T + 1) / 52), "xarray time labels in years")
                averted = deaths.sum("time").sel(scenario=names[0]) - deaths.sum("time").sel(scenario=names[1])
                expect(np.array_equal(averted.values, deaths.values[0].sum(axis=1) - deaths.values[1].sum(axis=1)),
                       "xarray selects arms by name")
            ds.close()

    # Provenance: the stored text of arm 2, run on its own, reproduces arm 2.
    stored = tmp / "stored.ini"
    stored.write_text(ini)
    rerun = tmp / "rerun.h5"
    run("run", str(stored), "-o", str(rerun), "--quiet")
    again, original = outcomes(rerun), outcomes(compared)
    for name, values in again.items():
        expect(np.array_equal(values[0], original[name][1]), f"provenance: {name} differs on re-run")

    # Thread count: 4 threads give the same datasets as 1.
    threads4 = tmp / "threads4.h5"
    run("compare", str(scenarios / "baseline.ini"), str(scenarios / "naloxone_expansion.ini"),
        "-o", str(threads4), "--threads", "4", *small)
    four = outcomes(threads4)
    for name, values in original.items():
        expect(np.array_equal(values, four[name]), f"threads: {name} differs between 1 and 4 threads")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("result file checks passed")
