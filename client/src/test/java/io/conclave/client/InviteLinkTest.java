package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.admission.InviteSecret;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class InviteLinkTest {

  @Test
  void formatsAndParsesWithTheSecretOnlyInTheFragment() {
    InviteSecret secret = InviteSecret.generate(new SecureRandom());
    InviteLink link = new InviteLink(URI.create("https://meet.example:8443"), "AbC_-9", secret);
    String text = link.format();
    assertThat(text).isEqualTo("https://meet.example:8443/m/AbC_-9#" + secret.encoded());
    InviteLink parsed = InviteLink.parse(text);
    assertThat(parsed.server()).isEqualTo(URI.create("https://meet.example:8443"));
    assertThat(parsed.meetingId()).isEqualTo("AbC_-9");
    assertThat(parsed.secret().equalsConstantTime(secret)).isTrue();
    assertThat(parsed.toString()).doesNotContain(secret.encoded());
  }

  @Test
  void rejectsMalformedLinks() {
    String secret = InviteSecret.generate(new SecureRandom()).encoded();
    for (String bad : new String[] {"https://h/m/id", "https://h/x/id#" + secret, "ftp://h/m/id#" + secret,
        "https://h/m/id#" + secret.substring(1), "https://h/m/id?q=1#" + secret, "https://h/m/i.d#" + secret,
        "https://h/m/id#" + secret + "=", "http://127.0.0.1:1/m/id?relay=ftp://h#" + secret,
        "http://127.0.0.1:1/m/id?relay=https://a&relay=https://b#" + secret, "chrome-extension://e/index.html?relay=https://h#" + secret}) {
      assertThatThrownBy(() -> InviteLink.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClientAddressNamesItsRelayAndALinkWithoutOneMeansItsOwnOrigin() {
    String secret = InviteSecret.generate(new SecureRandom()).encoded();
    InviteLink local = InviteLink.parse("http://127.0.0.1:5000/m/abc?relay=https%3A%2F%2Frelay.example%3A444%2Fx#" + secret);
    assertThat(local.server()).isEqualTo(URI.create("https://relay.example:444"));
    assertThat(local.meetingId()).isEqualTo("abc");
    InviteLink extension = InviteLink.parse("chrome-extension://halbiaolbgjpbnienfecabcdolenhbmi/index.html?m=abc&relay=https://relay.example#" + secret);
    assertThat(extension.server()).isEqualTo(URI.create("https://relay.example"));
    assertThat(extension.format()).isEqualTo("https://relay.example/m/abc#" + secret);
    assertThat(InviteLink.parse("https://relay.example/m/abc#" + secret).server()).isEqualTo(URI.create("https://relay.example"));
  }
}
