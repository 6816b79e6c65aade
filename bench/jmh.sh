#!/usr/bin/env bash
# Runs the JMH microbenchmarks in src/test/java/dev/tokenvault/bench. Arguments go to JMH and replace the
# defaults below (e.g. bench/jmh.sh -wi 1 -i 1 Sealer).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh
use_jdk_21_or_later
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
if [ $# -eq 0 ]; then set -- -f 1 -wi 3 -w 1s -i 5 -r 1s dev.tokenvault.bench; fi
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "$@"
