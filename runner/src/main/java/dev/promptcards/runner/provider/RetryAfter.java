package dev.promptcards.runner.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a provider asks to be left alone, from the headers of its error answer: {@code Retry-After}
 * as delay-seconds or as an HTTP date (RFC 9110, section 10.2.3), or the {@code retry-after-ms} that
 * OpenAI and Azure OpenAI send beside it (the OpenAI SDKs read it first, openai-python
 * _base_client.py _parse_retry_after_header). A value that does not parse is ignored, a date in the
 * past counts as zero.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The delay the headers ask for, if any. */
    static Optional<Duration> of(HttpHeaders headers, Instant now) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(RetryAfter::millis);
        if (millis.isPresent()) {
            return millis;
        }
        return headers.firstValue("retry-after").flatMap(value -> parse(value, now));
    }

    /** A {@code Retry-After} value: whole seconds, or an HTTP date in the IMF-fixdate form senders must use. */
    static Optional<Duration> parse(String value, Instant now) {
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            // RFC_1123_DATE_TIME reads IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); the obsolete forms are ignored.
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> millis(String value) {
        try {
            double millis = Double.parseDouble(value.strip());
            if (millis < 0 || Double.isNaN(millis) || Double.isInfinite(millis)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) (millis * 1_000_000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
