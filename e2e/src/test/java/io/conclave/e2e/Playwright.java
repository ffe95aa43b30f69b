package io.conclave.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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

  /** Waits until the page's meeting client says joined and shows a security code. */
  void waitJoined(String page, long timeoutMs) {
    waitFor(page, "return window.conclave?.status === 'joined' && window.conclave.securityCode;", timeoutMs);
  }

  /** Waits until every page is joined, with {@code members} members and the same security code. */
  void awaitSameRoster(List<String> pages, int members, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (;;) {
      String first = null;
      boolean same = true;
      for (String p : pages) {
        String s = eval(p, "const c = window.conclave; return c && c.status === 'joined' && c.roster.length === " + members
            + " ? c.securityCode : 'x' + Math.random();").asText();
        same &= first == null || first.equals(s);
        first = first == null ? s : first;
      }
      if (same && !first.startsWith("x")) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("pages " + pages + " do not converge on " + members + " members with one security code");
      }
      Thread.sleep(100);
    }
  }
}
