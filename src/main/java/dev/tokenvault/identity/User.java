package dev.tokenvault.identity;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who logs in. The password is kept only as an Argon2id hash. */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    /** Space-separated role names. */
    @Column(nullable = false)
    public String roles;

    /** A disabled user cannot sign in; their sessions have ended. */
    @Column(nullable = false)
    public boolean disabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Set<String> roleSet() {
        return new LinkedHashSet<>(Arrays.asList(roles.trim().split("\\s+")));
    }
}
