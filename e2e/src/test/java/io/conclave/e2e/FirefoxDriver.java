package io.conclave.e2e;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Drives headless Firefox (Debian's firefox-esr) through {@code web/e2e/firefox-driver.mjs}
 * (puppeteer-core over WebDriver BiDi): the same JSON-lines protocol as {@link Playwright}.
 */
final class FirefoxDriver extends DriverProcess {
  FirefoxDriver(Path webDir) throws IOException {
    this(webDir, Path.of(System.getenv().getOrDefault("FIREFOX", "/usr/bin/firefox-esr")));
  }

  private FirefoxDriver(Path webDir, Path firefox) throws IOException {
    super(webDir, "e2e/firefox-driver.mjs", "Firefox", firefox, "the Firefox meeting test needs Firefox at " + firefox
        + ": install Debian's firefox-esr package (apt-get install firefox-esr; .ci/run does) or set FIREFOX to its path");
  }
}
