#!/usr/bin/env bash
# Apache parquet-cli, as a second reader of constcl's Parquet records (the first being DuckDB).
#
#   infra/parquet-cli.sh cat -n 2 -c clip_id,frame_indices <file.parquet>
#   infra/parquet-cli.sh schema|meta|head <file.parquet>
#
# Fetches parquet-cli and the Hadoop jars it runs on from Maven Central once (into
# ${CONSTCL_TOOLS:-~/.cache/constcl/tools}/parquet-cli-<version>/) and runs it with
# parquet.avro.write-old-list-structure=false. Why: parquet-cli (1.15.2 and earlier) turns the
# file's Avro schema into its read projection with the legacy two-level list layout ("repeated
# group array"), while every list in constcl's records, as the Parquet format specification's
# LogicalTypes.md asks, has the standard three-level layout ("LIST" / "repeated group list" /
# "element"). With the legacy projection a list of numbers reads as null and a list of records
# inside a list fails with IndexOutOfBoundsException in GroupColumnIO.getLast (docs/records.md).
set -euo pipefail
version="${PARQUET_CLI_VERSION:-1.15.2}"
hadoop="${PARQUET_CLI_HADOOP_VERSION:-3.4.1}"
plugin="${MAVEN_DEPENDENCY_PLUGIN_VERSION:-3.8.1}"
home="${CONSTCL_TOOLS:-$HOME/.cache/constcl/tools}/parquet-cli-$version"
if [ ! -f "$home/ready" ]; then
  mkdir -p "$home"
  cat > "$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.constcl.tools</groupId><artifactId>parquet-cli-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.parquet</groupId><artifactId>parquet-cli</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-common</artifactId><version>$hadoop</version></dependency>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-mapreduce-client-core</artifactId><version>$hadoop</version></dependency>
  </dependencies>
</project>
POM
  # Offline first (the jars may be in ~/.m2 already), then from Maven Central.
  (cd "$home" && { mvn -B -q -o "org.apache.maven.plugins:maven-dependency-plugin:$plugin:copy-dependencies" -DoutputDirectory=lib >/dev/null 2>&1 \
    || mvn -B -q "org.apache.maven.plugins:maven-dependency-plugin:$plugin:copy-dependencies" -DoutputDirectory=lib >&2; }) \
    || { echo "parquet-cli.sh: could not fetch parquet-cli $version from Maven Central" >&2; exit 2; }
  touch "$home/ready"
fi
exec java -cp "$home/lib/*" org.apache.parquet.cli.Main -D parquet.avro.write-old-list-structure=false "$@"
