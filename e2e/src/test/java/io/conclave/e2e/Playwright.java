package io.conclave.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Drives headless Chromium through {@code web/e2e/driver.mjs} (playwright-core), with a method per
 * operation of its protocol ({@link DriverProcess}).
 */
final class Playwright extends DriverProcess {
  Playwright(Path webDir) throws IOException {
    this(webDir, Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")));
  }

  private Playwright(Path webDir, Path chromium) throws IOException {
    super(webDir, "e2e/driver.mjs", "Chromium", chromium, "the browser acceptance test needs headless Chromium at " + chromium
        + ": install Debian's chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM to its path");
  }

  void page(String page, int width, int height) {
    call("page", page, "width", width, "height", height);
  }

  /** Another tab, {@code page}, in the browser context of {@code of}: same storage and Web Locks, like a second tab. */
  void tab(String page, String of) {
    call("tab", page, "of", of);
  }

  /** Resizes {@code page}'s viewport. */
  void viewport(String page, int width, int height) {
    call("viewport", page, "width", width, "height", height);
  }

  /** A page in the browser that loaded the unpacked extension at {@code dir} (one browser per directory). */
  void extensionPage(String page, Path dir) {
    call("extensionPage", page, "extension", dir.toAbsolutePath().toString());
  }

  /** The ids of the extensions loaded in that page's browser (navigates the page to chrome://extensions). */
  JsonNode extensionIds(String page) {
    return call("extensionIds", page);
  }

  void go(String page, String url) {
    call("goto", page, "url", url);
  }

  void click(String page, String selector) {
    call("click", page, "selector", selector);
  }

  void fill(String page, String selector, String text) {
    call("fill", page, "selector", selector, "text", text);
  }

  void check(String page, String selector) {
    call("check", page, "selector", selector);
  }

  JsonNode eval(String page, String body) {
    return call("eval", page, "expression", body);
  }

  JsonNode waitFor(String page, String body, long timeoutMs) {
    return call("waitFor", page, "expression", body, "timeoutMs", timeoutMs);
  }

  void screenshot(String page, Path path) {
    call("screenshot", page, "path", path.toAbsolutePath().toString());
  }

  void closePage(String page) {
    call("closePage", page);
  }
}
