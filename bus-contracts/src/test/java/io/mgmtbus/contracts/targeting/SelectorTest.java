package io.mgmtbus.contracts.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static final Map<String, String> WORKER = Map.of("role", "worker", "rack", "3", "canary", "true");

    @Test
    void equalityInequalityAndSets() {
        assertThat(matches("role=worker")).isTrue();
        assertThat(matches("role==worker")).isTrue();
        assertThat(matches("role = worker")).isTrue();
        assertThat(matches("role!=worker")).isFalse();
        assertThat(matches("zone!=eu")).as("absent label differs").isTrue();
        assertThat(matches("rack in (3,4)")).isTrue();
        assertThat(matches("rack in ( 4 , 5 )")).isFalse();
        assertThat(matches("rack notin (4,5)")).isTrue();
        assertThat(matches("zone notin (eu)")).as("absent label is in no set").isTrue();
        assertThat(matches("zone in (eu)")).isFalse();
    }

    @Test
    void existenceAndRequirementsThatMustAllHold() {
        assertThat(matches("canary")).isTrue();
        assertThat(matches("!canary")).isFalse();
        assertThat(matches("!zone")).isTrue();
        assertThat(matches("role=worker,rack=3,canary")).isTrue();
        assertThat(matches("role=worker,rack=4")).isFalse();
    }

    @Test
    void nameIsTheNodesNameAndValuesGlob() {
        assertThat(matches("name=worker-01")).isTrue();
        assertThat(matches("name=worker-*")).isTrue();
        assertThat(matches("name=worker-0?")).isTrue();
        assertThat(matches("name=manager*")).isFalse();
        assertThat(matches("name in (manager, worker-*)")).isTrue();
        assertThat(matches("role=work*")).isTrue();
        assertThat(matches("role=w.rker")).as("a dot is literal").isFalse();
    }

    @Test
    void globsMatchInLinearishTimeWhateverTheyAre() {
        assertThat(Selector.globMatches("a*b?c", "axxbyc")).isTrue();
        assertThat(Selector.globMatches("a*b?c", "axxbc")).isFalse();
        assertThat(Selector.globMatches("*", "")).isTrue();
        assertThat(Selector.globMatches("", "x")).isFalse();
        // As a regular expression this is catastrophic backtracking; here it is quick.
        String hostile = "*a".repeat(30) + "b";
        long started = System.nanoTime();
        assertThat(Selector.parse("name=" + hostile).matches("a".repeat(200), Map.of()))
                .isFalse();
        assertThat(System.nanoTime() - started).as("nanoseconds").isLessThan(1_000_000_000L);
    }

    @Test
    void aBadSelectorSaysWhereAndWhy() {
        assertThatThrownBy(() -> Selector.parse("rack in 3"))
                .hasMessage("invalid selector 'rack in 3': expected '(' to open the value set at position 9");
        assertThatThrownBy(() -> Selector.parse("role=worker,"))
                .hasMessageContaining("expected a label key at position 13");
        assertThatThrownBy(() -> Selector.parse("role>3")).hasMessageContaining("'role>3' is not a label key");
        assertThatThrownBy(() -> Selector.parse("rack in (3,4")).hasMessageContaining("expected ',' or ')'");
        assertThatThrownBy(() -> Selector.parse(" ")).hasMessageContaining("the selector is empty");
        assertThatThrownBy(() -> Selector.parse("role=a b")).hasMessageContaining("expected ',' or the end");
    }

    @Test
    void labelsKeepToKubernetesCharactersAndNameIsReserved() {
        assertThat(Labels.problem(Map.of("role", "worker", "example.com/tier", "1")))
                .isEmpty();
        assertThat(Labels.problem(Map.of("name", "x"))).get().asString().contains("reserved");
        assertThat(Labels.problem(Map.of("role", "a b"))).get().asString().contains("is not a value of label");
        assertThat(Labels.problem(Map.of("-role", "a"))).get().asString().contains("is not a label key");
        assertThat(Labels.parse("rack=3")).isEqualTo(Map.entry("rack", "3"));
        assertThatThrownBy(() -> Labels.parse("rack")).hasMessageContaining("key=value");
    }

    private static boolean matches(String selector) {
        return Selector.parse(selector).matches("worker-01", WORKER);
    }
}
