package com.example.userapp;

import java.io.Serializable;
import java.util.List;

/**
 * Another of the user's classes, for a test that allows {@link Cart} alone.
 *
 * @param items what is wished for
 */
public record Wishlist(List<String> items) implements Serializable {

}
