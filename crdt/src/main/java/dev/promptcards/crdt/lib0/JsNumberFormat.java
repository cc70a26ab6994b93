package dev.promptcards.crdt.lib0;

import java.math.BigDecimal;

/**
 * JS {@code Number.prototype.toString()} (radix 10) for doubles.
 *
 * <p>Rule source: ECMA-262 Number::toString. The digits are the shortest decimal that reads back as the
 * same double; among several such decimals the one closest to the exact value wins (ties: even digit).
 * Since JDK 19, {@link Double#toString(double)} picks its digits by the same rule (Raffaello Giulietti's
 * algorithm), with one documented difference: when a single digit would do, the JDK considers one- and
 * two-digit decimals and takes the closest, so it prints {@code 4.9E-324} where JS prints {@code 5e-324}.
 * We take the JDK digits, repair that one case, and lay the digits out as ECMA-262 does.
 */
final class JsNumberFormat {

    private JsNumberFormat() {
    }

    /** 2^53: below this every integral double is printed exactly by {@link Long#toString(long)}. */
    private static final double TWO_POW_53 = 9007199254740992.0;

    static String toString(double d) {
        if (d != d) {
            return "NaN";
        }
        if (d == 0) {
            return "0"; // ECMA-262: -0 prints as "0"
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (Math.abs(d) < TWO_POW_53 && d == (long) d) {
            // An integer below 2^53 is exact, and no shorter decimal reads back as it.
            return Long.toString((long) d);
        }
        StringBuilder out = new StringBuilder(26);
        if (d < 0) {
            out.append('-');
        }
        appendPositive(out, Math.abs(d));
        return out.toString();
    }

    /** Appends the JS form of a finite, positive, non-zero double. */
    private static void appendPositive(StringBuilder out, double v) {
        String jdk = Double.toString(v);
        int ePos = jdk.indexOf('E');
        int exp = ePos < 0 ? 0 : Integer.parseInt(jdk, ePos + 1, jdk.length(), 10);
        int mantEnd = ePos < 0 ? jdk.length() : ePos;
        // Collect the mantissa digits; value = 0.<digits> x 10^n (ECMA-262 uses s, k, n this way).
        char[] digits = new char[mantEnd];
        int k = 0;
        int pointPos = -1;
        for (int i = 0; i < mantEnd; i++) {
            char c = jdk.charAt(i);
            if (c == '.') {
                pointPos = k;
            } else {
                digits[k++] = c;
            }
        }
        if (pointPos < 0) {
            pointPos = k;
        }
        int lead = 0;
        while (lead < k - 1 && digits[lead] == '0') {
            lead++;
        }
        int end = k;
        while (end > lead + 1 && digits[end - 1] == '0') {
            end--;
        }
        Digits result = new Digits(new String(digits, lead, end - lead), pointPos + exp - lead);
        if (result.s().length() == 2) {
            // JDK may have preferred a closer two-digit decimal where one digit suffices; JS takes one digit.
            Digits single = shorterSingleDigit(v, result);
            if (single != null) {
                result = single;
            }
        }
        layout(out, result.s(), result.n());
    }

    /**
     * For a two-digit JDK result {@code 0.ab x 10^n}, returns the one-digit decimal JS would print
     * or null if no one-digit decimal reads back as {@code v}.
     */
    private static Digits shorterSingleDigit(double v, Digits twoDigits) {
        int a = twoDigits.s().charAt(0) - '0';
        int n = twoDigits.n();
        // candidates: a x 10^(n-1) and (a+1) x 10^(n-1), the latter carrying to 1 x 10^n
        String lowDigit = Integer.toString(a);
        int lowN = n;
        String highDigit = a == 9 ? "1" : Integer.toString(a + 1);
        int highN = a == 9 ? n + 1 : n;
        boolean lowOk = Double.parseDouble(lowDigit + "E" + (lowN - 1)) == v;
        boolean highOk = Double.parseDouble(highDigit + "E" + (highN - 1)) == v;
        if (!lowOk && !highOk) {
            return null;
        }
        if (lowOk && highOk) {
            BigDecimal exact = new BigDecimal(v);
            BigDecimal low = new BigDecimal(lowDigit).scaleByPowerOfTen(lowN - 1);
            BigDecimal high = new BigDecimal(highDigit).scaleByPowerOfTen(highN - 1);
            int cmp = exact.subtract(low).compareTo(high.subtract(exact));
            if (cmp < 0 || (cmp == 0 && a % 2 == 0)) {
                highOk = false;
            } else {
                lowOk = false;
            }
        }
        return lowOk ? new Digits(lowDigit, lowN) : new Digits(highDigit, highN);
    }

    /** Significant digits {@code s} and exponent {@code n}: the value is 0.s x 10^n. */
    private record Digits(String s, int n) {
    }

    /** ECMA-262 Number::toString step 6-10 layout of digits s (k digits) and exponent n. */
    private static void layout(StringBuilder out, String s, int n) {
        int k = s.length();
        if (k <= n && n <= 21) {
            out.append(s);
            for (int i = k; i < n; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = n; i < 0; i++) {
                out.append('0');
            }
            out.append(s);
        } else {
            int e = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
