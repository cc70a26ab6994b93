package dev.promptcards.server.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exceptions to the rule of {@link EnvironmentDefaults} on an option of {@code serve}: an option
 * without this annotation takes its value from {@code PROMPTCARDS_} and its long name
 * ({@code --max-card-bytes}: {@code PROMPTCARDS_MAX_CARD_BYTES}) and its default is the field's
 * initial value. The help and the README's table read the same.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Env {

    /** The variable, when it does not follow the rule; empty: it follows it. */
    String variable() default "";

    /**
     * True when the value is a secret: its default is never shown, and the help prefers the
     * variable to the flag (command lines are visible to other users).
     */
    boolean secret() default false;

    /** The default in words, for an option whose field has none (e.g. "DATA_DIR/spill"). */
    String defaultText() default "";
}
