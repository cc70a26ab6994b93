package dev.promptcards.persistence.admin;

import java.util.Objects;

/**
 * What {@link WorkspaceStore#putMember} did.
 *
 * @param member the member as stored now
 * @param added  true if the subject was not a member before (false: the role was set again, changed or not)
 */
public record MemberPut(Member member, boolean added) {

    /** Checks that the member is present. */
    public MemberPut {
        Objects.requireNonNull(member, "member");
    }
}
