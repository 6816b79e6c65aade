package dev.tokenvault.platform;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The clock of every time-based rule that tests must be able to drive (rate buckets, key refetch intervals):
 * the system clock in UTC, replaced in tests by a clock they advance instead of sleeping.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
