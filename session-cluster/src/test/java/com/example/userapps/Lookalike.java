package com.example.userapps;

import java.io.Serializable;

/**
 * A class whose package starts like {@code com.example.userapp} but is another package:
 * allowing that package must not allow this one.
 *
 * @param value anything
 */
public record Lookalike(String value) implements Serializable {

}
