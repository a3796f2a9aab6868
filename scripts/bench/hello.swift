// make bench's start-up floor (SPEC §6): a Swift program that does nothing
// but print, linked against the libraries tokenctl loads (Foundation, Dispatch,
// SQLite, libyaml, the C++ runtime), so that the figure beside it measures
// what tokenctl adds to starting a Swift process.
import Dispatch
import Foundation

print("hello")
