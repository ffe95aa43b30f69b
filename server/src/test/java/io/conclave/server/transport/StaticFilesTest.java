package io.conclave.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

  @Test
  void servesFilesAndClientRoutesButNothingOutsideTheRoot(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("web"));
    Files.writeString(root.resolve("index.html"), "index");
    Files.createDirectories(root.resolve("assets"));
    Files.writeString(root.resolve("assets/app.css"), "css");
    Files.writeString(dir.resolve("private.txt"), "private");
    StaticFiles files = new StaticFiles(root);

    assertThat(files.find("/")).get().extracting(StaticFiles.File::contentType).asString().startsWith("text/html");
    assertThat(new String(files.find("/m/abc").orElseThrow().content())).isEqualTo("index");
    assertThat(new String(files.find("/assets/app.css").orElseThrow().content())).isEqualTo("css");
    assertThat(files.find("/../private.txt")).isEmpty();
    assertThat(files.find("/assets/../../private.txt")).isEmpty();
    assertThat(files.find("//etc/passwd.txt")).isEmpty();
    assertThat(files.find("/assets\\..\\x.txt")).isEmpty();
    assertThat(files.find("/nope.js")).isEmpty();
    assertThat(new StaticFiles(null).find("/missing.js")).isEmpty();
  }
}
