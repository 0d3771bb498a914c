"""Sharded preprocessing on a Ray cluster: one `audio-dl preprocess ROOT --shard K/N` task per shard, each writing
OUT/part-K.parquet (K zero-padded to five digits, Spark's naming), then the parts read back with Ray Data and the
segments counted per genre. The parts folder is a data set for `audio-dl train --data OUT` as it is.

    python tools/scale/ray_preprocess.py ROOT --out OUT --shards N [--address ray://head:10001] [--cli "npx audio-dl"]
        [--cpus-per-task 1] [-- extra preprocess flags such as --segments 10]

ROOT and OUT must be the same path on every node (shared storage), and --cli must run `audio-dl` there (by default
`npx audio-dl` in this checkout, the driver's working folder). Without --address it starts a local Ray instance on
127.0.0.1 with --num-cpus CPUs and stops it at the end.
"""

import argparse
import os
import shlex
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc


def preprocess_shard(cli: list[str], cwd: str, root: str, shard: int, shards: int, out: str, threads: int,
                     extra: list[str]) -> dict:
    part = os.path.join(out, f"part-{shard:05d}.parquet")
    cmd = [*cli, "preprocess", root, "--shard", f"{shard}/{shards}", "--out", part, "--workers", str(threads), *extra]
    started = time.time()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"shard {shard}/{shards} ({shlex.join(cmd)}) exited {run.returncode}: {run.stderr.strip()}")
    return {"shard": shard, "part": part, "seconds": time.time() - started, "node": os.uname().nodename}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="ROOT/<genre>/<track>, on storage every node sees")
    parser.add_argument("--out", required=True, help="folder for the parts, on storage every node sees")
    parser.add_argument("--shards", type=int, required=True, help="N: one task per shard")
    parser.add_argument("--address", help="a running cluster (ray://host:10001 or host:6379); default: a local one")
    parser.add_argument("--num-cpus", type=int, default=2, help="CPUs of the local instance (without --address)")
    parser.add_argument("--cpus-per-task", type=int, default=1, help="CPUs Ray reserves per task = its worker threads")
    parser.add_argument("--cli", default="npx audio-dl", help="the audio-dl command on the nodes")
    parser.add_argument("extra", nargs="*", help="after --: more preprocess flags (--segments 10 …)")
    args = parser.parse_args()
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    root, out = os.path.abspath(args.root), os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    stale = sorted(f for f in os.listdir(out) if f.endswith(".parquet") or f.endswith(".arrow"))
    if stale:
        print(f"{out}: already holds {len(stale)} part(s) ({stale[0]}…); use an empty folder", file=sys.stderr)
        return 1

    if not args.address:
        # A local instance on the loopback interface only: Ray otherwise binds the machine's routable address.
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    import ray  # after the line above: Ray reads it on import

    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        ray.init(num_cpus=args.num_cpus, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    task = ray.remote(preprocess_shard)
    try:
        print(f"ray: {', '.join(n['NodeManagerAddress'] for n in ray.nodes())}, {ray.cluster_resources().get('CPU')} CPUs")
        started = time.time()
        tasks = [
            task.options(num_cpus=args.cpus_per_task).remote(
                shlex.split(args.cli), os.getcwd(), root, k, args.shards, out, args.cpus_per_task, args.extra
            )
            for k in range(args.shards)
        ]
        for done in ray.get(tasks):
            print(f"shard {done['shard']}/{args.shards}: {done['part']} in {done['seconds']:.1f} s on {done['node']}")
        wall = time.time() - started

        # Ray Data's groupby cannot sort a dictionary column: the genre names as plain strings first.
        parts = ray.data.read_parquet(out).select_columns(["label"]).map_batches(
            lambda t: t.set_column(0, "label", pc.cast(t["label"], pa.string())), batch_format="pyarrow"
        )
        counts = sorted((row["label"], row["count()"]) for row in parts.groupby("label").count().take_all())
        total = sum(c for _, c in counts)
        print(f"{args.shards} shard(s) in {wall:.1f} s; {total} segments read back with ray.data.read_parquet:")
        for genre, count in counts:
            print(f"  {genre}: {count}")
    finally:
        ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
