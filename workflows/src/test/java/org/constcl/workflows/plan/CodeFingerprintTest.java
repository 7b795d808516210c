package org.constcl.workflows.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dependency list in a code fingerprint reads the same whether Maven coloured it or not. */
class CodeFingerprintTest {
  @Test
  void aColouredListingGivesTheSameDependenciesAsABatchModeOne() {
    String batch = "\nThe following files have been resolved:\n"
        + "   aopalliance:aopalliance:jar:1.0:compile -- module aopalliance (auto)\n"
        + "   org.tensorflow:tensorflow-core-api:jar:linux-x86_64:1.1.0:compile -- module org.tensorflow.core.api\n";
    String coloured = "\nThe following files have been resolved:\n"
        + "   aopalliance:aopalliance:jar:1.0:compile\u001B[36m -- module aopalliance\u001B[0;1;33m (auto)\u001B[m\n"
        + "   org.tensorflow:tensorflow-core-api:jar:linux-x86_64:1.1.0:compile\u001B[36m -- module org.tensorflow.core.api\u001B[m\n";
    assertThat(CodeFingerprint.dependencyLines(coloured)).isEqualTo(CodeFingerprint.dependencyLines(batch))
        .containsExactly("aopalliance:aopalliance:jar:1.0:compile", "org.tensorflow:tensorflow-core-api:jar:linux-x86_64:1.1.0:compile");
  }
}
