package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.client.admission.InviteSecret;
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
        "https://h/m/id#" + secret + "="}) {
      assertThatThrownBy(() -> InviteLink.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
