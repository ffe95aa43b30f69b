package io.conclave.cli.command;

import io.conclave.cli.web.WebManifest;
import io.conclave.cli.web.WebVerifier;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks that a relay serves exactly the web client of a manifest: by default the manifest of the
 * client built with this program (classpath {@code web/conclave-manifest.json}), else
 * {@code --manifest FILE}. Prints {@code verified IDENTITY} (exit 0) or each difference (exit 1).
 */
@Command(name = "verify-web", mixinStandardHelpOptions = true,
    description = "Check that a relay serves exactly the reproducible web client: its page, scripts, stylesheets, "
        + "workers and worklets, against the manifest of a local build. Exit 0 when verified, 1 on any difference.")
public final class VerifyWebCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "the relay's page or an invite link, e.g. https://relay.example/m/ID")
  URI url;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "conclave-manifest.json to compare with (default: the one built with this program)")
  Path manifest;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    WebManifest expected;
    if (manifest != null) {
      try (InputStream in = Files.newInputStream(manifest)) {
        expected = WebManifest.parse(in);
      }
    } else {
      expected = WebManifest.packaged();
    }
    WebVerifier.Result result = new WebVerifier().verify(url, expected);
    if (result.verified()) {
      out.println("verified " + result.expectedIdentity());
      out.flush();
      return 0;
    }
    for (WebVerifier.Difference d : result.differences()) {
      out.println("differs " + d);
    }
    out.println("NOT verified: " + result.differences().size() + " difference(s) from the client "
        + result.expectedIdentity() + " (" + result.filesChecked() + " files checked)");
    out.flush();
    return 1;
  }
}
