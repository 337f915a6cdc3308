fn main() {
    keyward_app::start();
}
