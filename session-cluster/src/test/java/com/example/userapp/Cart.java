package com.example.userapp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own session attribute class, in no package the library allows by default.
 *
 * @param items what is in the cart
 */
public record Cart(List<String> items) implements Serializable {

	public Cart {
		items = List.copyOf(items);
	}

	/**
	 * The cart with one more item.
	 * @param item the item
	 * @return a new cart
	 */
	public Cart with(String item) {
		List<String> more = new ArrayList<>(this.items);
		more.add(item);
		return new Cart(more);
	}

}
