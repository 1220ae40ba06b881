"""Watches and alerts: matching stored articles against watches (match), when deliveries are due
(schedule), sending them from the store's outbox (deliver: webhook, email), the Atom feed of a
watch (atom), watches made from what a user typed (watches), and the accounts of the web app's
writers (accounts). docs/architecture.md, "Watches and alerts", tells how they fit."""
