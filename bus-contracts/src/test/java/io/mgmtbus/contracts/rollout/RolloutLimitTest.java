package io.mgmtbus.contracts.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RolloutLimitTest {

    @Test
    void aCountStaysAShareIsRoundedUpAndNeverBelowOne() {
        assertThat(RolloutLimit.parse("5").of(1000)).isEqualTo(5);
        assertThat(RolloutLimit.parse("25%").of(10)).isEqualTo(3);
        assertThat(RolloutLimit.parse(" 10 % ").of(3)).isEqualTo(1);
        assertThat(RolloutLimit.parse("1%").of(0)).isEqualTo(1);
        assertThat(RolloutLimit.parse("100%").of(7)).isEqualTo(7);
        for (int percent : new int[] {7, 14, 28, 55, 56}) {
            assertThat(RolloutLimit.parse(percent + "%").of(100))
                    .as(percent + "% of 100")
                    .isEqualTo(percent);
        }
        assertThat(RolloutLimit.parse("14%").of(50)).isEqualTo(7);
    }

    @Test
    void nonsenseIsRefusedWithTheWayToWriteIt() {
        assertThatThrownBy(() -> RolloutLimit.parse("lots")).hasMessageContaining("like 5 or");
        assertThatThrownBy(() -> RolloutLimit.parse("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RolloutLimit.parse("150%")).hasMessageContaining("1% to 100%");
        assertThatThrownBy(() -> RolloutLimit.parse(null)).isInstanceOf(RolloutLimit.InvalidLimit.class);
    }
}
