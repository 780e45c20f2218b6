// The fixtures of this assembly run build/package.sh in the repository, whose dotnet pack and publish write the same
// obj/Release folders: two at once would overwrite each other's files, so its test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
