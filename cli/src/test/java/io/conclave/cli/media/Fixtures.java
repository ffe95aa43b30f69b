package io.conclave.cli.media;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed media fixtures (src/test/resources/media/README.md says how they were made). */
public final class Fixtures {
  private Fixtures() {}

  public static Path vp8() {
    return resource("testsrc-vp8.ivf");
  }

  public static Path opus() {
    return resource("tone-opus.ogg");
  }

  private static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/media/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
