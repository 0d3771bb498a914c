"""Reads a data set written by audio-dl with DuckDB, pyarrow and Polars, as a user would, and prints what each saw
as JSON: rows per genre, the shape of the features, and one sample (by track and segment) as nested lists.

Usage: python read_with_python.py PARQUET ARROW TRACK SEGMENT
"""

import json
import sys

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

parquet, arrow, track, segment = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
out = {}

con = duckdb.connect()
out["duckdb"] = {
    "counts": dict(con.execute(f"SELECT label, count(*) FROM '{parquet}' GROUP BY label").fetchall()),
    "sample": con.execute(
        f"SELECT features FROM '{parquet}' WHERE track = ? AND segment = ?", [track, segment]
    ).fetchone()[0],
    "type": str(con.execute(f"SELECT typeof(features) FROM '{parquet}' LIMIT 1").fetchone()[0]),
    "params": json.loads(
        con.execute(
            f"SELECT value FROM parquet_kv_metadata('{parquet}') WHERE key = 'audio-dl.params'"
        ).fetchone()[0]
    ),
}


def from_arrow(table: pa.Table) -> dict:
    features = table.column("features")
    rows = [i for i, (t, s) in enumerate(zip(table["track"].to_pylist(), table["segment"].to_pylist()))
            if t == track and s == segment]
    labels = table["label"].to_pylist()
    return {
        "counts": {g: labels.count(g) for g in set(labels)},
        "sample": features[rows[0]].as_py(),
        "type": str(features.type),
        "label_type": str(table.schema.field("label").type),
        "shape": [len(table), features.type.list_size, features.type.value_type.list_size],
        "params": json.loads(table.schema.metadata[b"audio-dl.params"]),
    }


out["pyarrow"] = from_arrow(pq.read_table(parquet))
with pa.ipc.open_file(arrow) as f:
    out["pyarrow_ipc"] = from_arrow(f.read_all())

df = pl.read_parquet(parquet)
hit = df.filter((pl.col("track") == track) & (pl.col("segment") == segment))
out["polars"] = {
    "counts": {str(k): v for k, v in df.group_by("label").len().iter_rows()},
    "sample": hit["features"].to_list()[0],
    "type": str(df.schema["features"]),
    "shape": list(df["features"].to_numpy().shape),
}
dfa = pl.read_ipc(arrow)
out["polars_ipc"] = {"shape": list(dfa["features"].to_numpy().shape), "type": str(dfa.schema["features"])}

print(json.dumps(out))
