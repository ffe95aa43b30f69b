package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scripts a fresh machine runs first: {@code .ci/run} and {@code ./conclave} parse, and
 * {@code .ci/run} is one header comment, then {@code set -euo pipefail}, and ends by running the
 * README's test command. Twice an edit that replaced every occurrence of {@code ./conclave test}
 * spliced an install step into the header comment, and CI failed before running a test.
 */
class RepositoryScriptsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().resolve("..").normalize();

  @Test
  void theEntryScriptsParse() throws Exception {
    for (String script : List.of(".ci/run", "conclave")) {
      Process p = new ProcessBuilder("bash", "-n", ROOT.resolve(script).toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(script + ": " + out).isZero();
    }
  }

  @Test
  void ciRunStartsStrictAndEndsWithTheReadmeTestCommand() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertThat(lines.getFirst()).isEqualTo("#!/usr/bin/env bash");
    String firstCommand = lines.stream().skip(1).filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
    assertThat(firstCommand).as("the first command after the header comment").isEqualTo("set -euo pipefail");
    assertThat(lines.getLast()).isEqualTo("./conclave test");
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./conclave test");
  }
}
