"""Read a Parquet export with a local Spark session and count participations by role.

Run: ``python benchmarks/spark_participations.py [FOLDER]`` where FOLDER holds the
tables of ``aigovernance export --format parquet`` (default: the seed, exported to a
temporary folder). pyspark (and a Java runtime) are not dependencies of the library:
install them to run this; without pyspark the script says so and exits with status 2.

The join is the one a cluster would run on a large export: participations joined to
actors by id, grouped by role and actor type. The same code runs against a cluster by
pointing the session at it and the reader at the files' shared location.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    try:
        from pyspark.sql import SparkSession, functions
    except ImportError:
        print("this script needs pyspark, which is not installed: pip install pyspark")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        if argv:
            folder = Path(argv[0])
        else:
            import aigovernance as ag

            folder = Path(scratch) / "seed"
            ag.write(ag.datasets.load(), folder, format="parquet")
        spark = SparkSession.builder.master("local[2]").appName("participations").getOrCreate()
        try:
            participations = spark.read.parquet(str(folder / "participations.parquet"))
            actors = spark.read.parquet(str(folder / "actors.parquet"))
            counts = (
                participations.join(actors, participations.actor == actors.id)
                .groupBy(participations.role, actors.type)
                .agg(functions.count("*").alias("participations"))
                .orderBy(functions.desc("participations"), "role", "type")
            )
            for row in counts.collect():
                print(f"{row['role']:<12} {row['type']:<13} {row['participations']:>9,}")
        finally:
            spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
