package io.conclave.cli.web;

import io.conclave.server.transport.SecurityHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a relay serves with a manifest (docs/SECURITY.md, "Trusting the web client"): the
 * page at the given URL, every script and stylesheet it loads, every worker and worklet its
 * scripts name (the table of pinned hashes of src/pinned.ts), then every other file of the
 * manifest. Also checks the integrity attributes and pinned hashes against the served bytes, and
 * the security headers of the page against the documented ones.
 */
public final class WebVerifier {
  /** One difference, as printed: what, where, and how. */
  public record Difference(String path, String what) {
    @Override
    public String toString() {
      return path + ": " + what;
    }
  }

  public record Result(String expectedIdentity, List<Difference> differences, int filesChecked) {
    public boolean verified() {
      return differences.isEmpty();
    }
  }

  private static final Pattern TAG = Pattern.compile("<(script|link)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern WORKER_PATH = Pattern.compile("(/assets/[A-Za-z0-9._-]+\\.js)");
  private static final Pattern PINNED_ENTRY = Pattern.compile("\\\\?\"(/[^\"\\\\]+)\\\\?\":\\\\?\"(sha256-[A-Za-z0-9+/=]+)\\\\?\"");

  private final HttpClient http;

  public WebVerifier(HttpClient http) {
    this.http = http;
  }

  public WebVerifier() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  public Result verify(URI page, WebManifest manifest) throws IOException, InterruptedException {
    URI url;
    try {
      url = new URI(page.getScheme(), page.getAuthority(), page.getPath() == null || page.getPath().isEmpty() ? "/" : page.getPath(),
          null, null).normalize();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("bad URL " + page + ": " + e.getMessage(), e);
    }
    URI origin = url.resolve("/");
    List<Difference> diffs = new ArrayList<>();
    Set<String> checked = new LinkedHashSet<>();

    // The page: whatever path the link names, the relay serves index.html for it.
    HttpResponse<byte[]> html = get(url);
    String htmlPath = "/index.html";
    checked.add(htmlPath);
    if (html.statusCode() != 200) {
      diffs.add(new Difference(url.getPath(), "HTTP " + html.statusCode()));
    } else {
      compare(htmlPath, html.body(), manifest, diffs);
      checkHeaders(url, html, diffs);
    }
    String htmlText = new String(html.body(), StandardCharsets.UTF_8);

    // What the page loads, and the integrity it claims for it.
    List<String> scripts = new ArrayList<>();
    Matcher tags = TAG.matcher(htmlText);
    while (tags.find()) {
      String attrs = tags.group(2);
      String ref = attr(attrs, tags.group(1).equalsIgnoreCase("script") ? "src" : "href");
      if (ref == null) {
        if (tags.group(1).equalsIgnoreCase("script")) {
          diffs.add(new Difference(htmlPath, "has an inline <script>"));
        }
        continue;
      }
      URI target = url.resolve(ref);
      if (!origin.equals(target.resolve("/"))) {
        diffs.add(new Difference(htmlPath, "loads " + target + " from another origin"));
        continue;
      }
      String path = target.getPath();
      if (!checked.add(path)) {
        continue;
      }
      byte[] body = fetch(target, path, diffs);
      if (body == null) {
        continue;
      }
      compare(path, body, manifest, diffs);
      String integrity = attr(attrs, "integrity");
      String actual = "sha256-" + Base64.getEncoder().encodeToString(WebManifest.sha256(body));
      if (integrity == null) {
        diffs.add(new Difference(path, "loaded by index.html without an integrity attribute"));
      } else if (!integrity.equals(actual)) {
        diffs.add(new Difference(path, "index.html pins " + integrity + ", served bytes are " + actual));
      }
      if (path.endsWith(".js")) {
        scripts.add(new String(body, StandardCharsets.UTF_8));
      }
    }

    // Workers and worklets the scripts name, with the hashes the main script pins for them.
    for (String script : scripts) {
      Matcher pinned = PINNED_ENTRY.matcher(script);
      Set<String> named = new LinkedHashSet<>();
      while (pinned.find()) {
        named.add(pinned.group(1));
        String path = pinned.group(1);
        byte[] body = checked.add(path) ? fetch(origin.resolve(path), path, diffs) : null;
        if (body != null) {
          compare(path, body, manifest, diffs);
          String actual = "sha256-" + Base64.getEncoder().encodeToString(WebManifest.sha256(body));
          if (!pinned.group(2).equals(actual)) {
            diffs.add(new Difference(path, "the main script pins " + pinned.group(2) + ", served bytes are " + actual));
          }
        }
      }
      Matcher paths = WORKER_PATH.matcher(script);
      while (paths.find()) {
        String path = paths.group(1);
        if (!named.contains(path) && checked.add(path)) {
          byte[] body = fetch(origin.resolve(path), path, diffs);
          if (body != null) {
            compare(path, body, manifest, diffs);
          }
        }
      }
    }

    // Everything else the manifest lists: the relay serves it too.
    for (String path : manifest.files().keySet()) {
      if (checked.add(path)) {
        byte[] body = fetch(origin.resolve(path), path, diffs);
        if (body != null) {
          compare(path, body, manifest, diffs);
        }
      }
    }
    return new Result(manifest.identity(), List.copyOf(diffs), checked.size());
  }

  private void checkHeaders(URI url, HttpResponse<byte[]> r, List<Difference> diffs) {
    boolean tls = url.getScheme().equals("https");
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("content-security-policy", SecurityHeaders.contentSecurityPolicy(url.getAuthority(), tls));
    expected.put("referrer-policy", SecurityHeaders.REFERRER_POLICY);
    expected.put("x-content-type-options", "nosniff");
    expected.put("content-type", "text/html; charset=utf-8");
    if (tls) {
      expected.put("strict-transport-security", SecurityHeaders.HSTS);
    }
    expected.forEach((name, value) -> {
      List<String> got = r.headers().allValues(name);
      if (!got.equals(List.of(value))) {
        diffs.add(new Difference("header " + name, "served " + (got.isEmpty() ? "nothing" : got) + ", documented " + value));
      }
    });
  }

  private static void compare(String path, byte[] body, WebManifest manifest, List<Difference> diffs) {
    String expected = manifest.files().get(path);
    String actual = WebManifest.sha256Hex(body);
    if (expected == null) {
      diffs.add(new Difference(path, "not in the manifest (served sha256 " + actual + ")"));
    } else if (!expected.equals(actual)) {
      diffs.add(new Difference(path, "served sha256 " + actual + ", manifest " + expected));
    }
  }

  private byte[] fetch(URI uri, String path, List<Difference> diffs) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(uri);
    if (r.statusCode() != 200) {
      diffs.add(new Difference(path, "HTTP " + r.statusCode()));
      return null;
    }
    return r.body();
  }

  private HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String attr(String attrs, String name) {
    Matcher m = Pattern.compile("\\s" + name + "\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(attrs);
    return m.find() ? m.group(1) : null;
  }
}
