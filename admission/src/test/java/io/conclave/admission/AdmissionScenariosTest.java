package io.conclave.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The admission decision table, shared with the browser client: every scenario of
 * {@code testdata/admission-scenarios.json} (also run by web/src/meeting/admission-scenarios.test.ts)
 * through {@link AdmissionRules#decide}.
 */
class AdmissionScenariosTest {
  static final Path FILE = Path.of("..", "testdata", "admission-scenarios.json");

  @TestFactory
  Stream<DynamicTest> everyScenarioGetsItsVerdict() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readString(FILE));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode s : root.get("scenarios")) {
      tests.add(DynamicTest.dynamicTest(s.get("name").asText(), () -> check(s)));
    }
    assertThat(tests).hasSizeGreaterThan(20);
    return tests.stream();
  }

  private static void check(JsonNode s) {
    AdmissionRules.Decision d = AdmissionRules.decide(facts(s));
    JsonNode expect = s.get("expect");
    if (expect.get("verdict").asText().equals("refuse")) {
      assertThat(d.refusal()).map(AdmissionRules.Refusal::id).contains(expect.get("rule").asText());
    } else {
      assertThat(d.refused()).as("refused by " + d.refusal()).isFalse();
      List<String> adds = new ArrayList<>();
      expect.get("adds").forEach(a -> adds.add(a.asText()));
      assertThat(d.adds()).extracting(b -> b.name().toLowerCase(Locale.ROOT)).containsExactlyElementsOf(adds);
      List<String> shown = new ArrayList<>();
      expect.get("shown").forEach(a -> shown.add(a.asText()));
      assertThat(d.shown()).extracting(AdmissionRules.Shown::id).containsExactlyElementsOf(shown);
    }
  }

  static AdmissionRules.CommitFacts facts(JsonNode s) {
    JsonNode c = s.get("committer");
    AdmissionRules.CommitterKind kind = switch (c.get("kind").asText()) {
      case "member" -> AdmissionRules.CommitterKind.MEMBER;
      case "new_member_commit" -> AdmissionRules.CommitterKind.NEW_MEMBER_COMMIT;
      default -> throw new IllegalArgumentException(c.toString());
    };
    List<AdmissionRules.ProposalFact> ps = new ArrayList<>();
    for (JsonNode p : s.get("proposals")) {
      AdmissionRules.Type type = AdmissionRules.Type.valueOf(p.get("type").asText().toUpperCase(Locale.ROOT));
      AdmissionRules.Proposer proposer = switch (p.get("proposer").asText()) {
        case "committer" -> AdmissionRules.Proposer.COMMITTER;
        case "member" -> AdmissionRules.Proposer.MEMBER;
        case "external0" -> AdmissionRules.Proposer.EXTERNAL0;
        case "external1" -> AdmissionRules.Proposer.EXTERNAL_OTHER;
        case "new_member" -> AdmissionRules.Proposer.NEW_MEMBER;
        default -> throw new IllegalArgumentException(p.toString());
      };
      Optional<AdmissionRules.ExtensionChange> change = Optional.ofNullable(p.get("change")).map(x ->
          new AdmissionRules.ExtensionChange(x.get("externalSendersChanged").asBoolean(),
              x.get("hostsValid").asBoolean(), x.get("inviteKeyValid").asBoolean(), x.get("otherChanged").asBoolean(),
              x.get("hostsChanged").asBoolean(), x.get("inviteKeyChanged").asBoolean()));
      ps.add(new AdmissionRules.ProposalFact(type, proposer, p.get("byReference").asBoolean(),
          p.path("proofValid").asBoolean(false), p.path("seen").asBoolean(false), change));
    }
    return new AdmissionRules.CommitFacts(kind, c.get("host").asBoolean(), ps);
  }
}
