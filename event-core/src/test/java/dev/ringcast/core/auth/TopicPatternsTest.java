package dev.ringcast.core.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPatternsTest {

    @Test
    void exactNamesMatchOnlyThemselves() {
        TopicPatterns p = TopicPatterns.of("orders");
        assertTrue(p.matches("orders"));
        assertFalse(p.matches("orders2"));
        assertFalse(p.matches("Orders"));
        assertFalse(p.matches("order"));
    }

    @Test
    void aTrailingStarMatchesThePrefixAndNothingShorter() {
        TopicPatterns p = TopicPatterns.of("news.*");
        assertTrue(p.matches("news.sport"));
        assertTrue(p.matches("news.sport.live"));
        assertFalse(p.matches("news"), "the prefix includes the dot");
        assertFalse(p.matches("newsroom"));
    }

    @Test
    void aLoneStarMatchesEveryTopicAndNoPatternMatchesNone() {
        assertTrue(TopicPatterns.all().matches("anything"));
        assertTrue(TopicPatterns.of("*").matches("x"));
        assertFalse(TopicPatterns.none().matches("x"));
        assertTrue(TopicPatterns.of(List.of()).isEmpty());
    }

    @Test
    void refusesPatternsThatAreNotNamesPrefixesOrAStar() {
        for (String bad : List.of("", "a*b", "*a", "**", "a**", "a b", "a/b", "a.+", "[a]", "a?")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicPatterns.of(bad), bad);
            assertTrue(e.getMessage().contains("orders.*"), e.getMessage());
        }
    }
}
